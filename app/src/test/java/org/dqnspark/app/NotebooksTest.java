package org.dqnspark.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The notebooks of notebooks/, executed as a user runs them (Debian's jupyter-nbconvert and python3, whose
 * kernel runs {@code dqn sql}) against a store made by a short MinAtar run: no cell may fail, and every cell
 * that draws must leave a picture that is not blank.
 */
class NotebooksTest {
    private static final Path NOTEBOOKS = Path.of("..", "notebooks").toAbsolutePath().normalize();
    private static final Path NBCONVERT = Path.of("/usr/bin/jupyter-nbconvert");

    @TempDir
    static Path store;
    @TempDir
    static Path work;
    private static Path dqnCommand;

    @BeforeAll
    static void aStoreOfTwoCyclesAndADqnCommandOfTheseClasses() throws IOException {
        assertTrue(Files.isExecutable(NBCONVERT), NBCONVERT + " is missing: apt-get install jupyter-nbconvert"
                + " python3-nbclient python3-ipykernel python3-pandas python3-matplotlib (.ci/run does)");
        TinyCycleRuns.build(store, "minatar", 2);
        dqnCommand = work.resolve("dqn");
        Files.writeString(dqnCommand, "#!/bin/sh\nexec " + TestJvm.command("2g", Dqn.class).stream().map(NotebooksTest::shellQuoted)
                .collect(Collectors.joining(" ")) + " \"$@\"\n");
        Files.setPosixFilePermissions(dqnCommand, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"learning-curves", "replay-store", "evaluation"})
    void theNotebookRunsWithoutAnErrorAndEveryPlotDraws(String name) throws Exception {
        Path out = Files.createDirectories(work.resolve(name));
        ProcessBuilder nbconvert = new ProcessBuilder(NBCONVERT.toString(), "--to", "notebook", "--execute",
                "--ExecutePreprocessor.timeout=900", "--output-dir", out.toString(),
                NOTEBOOKS.resolve(name + ".ipynb").toString())
                .directory(NOTEBOOKS.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile());
        nbconvert.environment().put("DQN_STORE", store.toString());
        nbconvert.environment().put("DQN_COMMAND", dqnCommand.toString());
        Process process = nbconvert.start();
        assertTrue(process.waitFor(20, TimeUnit.MINUTES), name + " did not finish in 20 minutes");
        assertEquals(0, process.exitValue(), Files.readString(work.resolve(name + ".log")));

        JsonNode notebook = new ObjectMapper().readTree(out.resolve(name + ".ipynb").toFile());
        int plots = 0;
        for (JsonNode cell : notebook.get("cells")) {
            if (!cell.get("cell_type").asText().equals("code")) {
                continue;
            }
            String source = source(cell);
            for (JsonNode output : cell.get("outputs")) {
                assertTrue(!output.get("output_type").asText().equals("error"), name + ": " + output);
            }
            if (draws(source)) {
                BufferedImage picture = picture(cell);
                assertTrue(picture != null, name + ": no picture from the cell\n" + source);
                assertTrue(picture.getWidth() > 300 && picture.getHeight() > 200, name + ": a small picture");
                assertTrue(colours(picture) > 20, name + ": a blank picture from\n" + source);
                plots++;
            }
        }
        assertTrue(plots >= 2, name + " draws " + plots + " pictures");
    }

    private static boolean draws(String source) {
        return source.contains("plt.subplots") || source.contains(".plot.") || source.contains(".plot(");
    }

    private static String source(JsonNode cell) {
        JsonNode source = cell.get("source");
        if (source.isTextual()) {
            return source.asText();
        }
        StringBuilder text = new StringBuilder();
        source.forEach(line -> text.append(line.asText()));
        return text.toString();
    }

    /** The cell's PNG output, decoded. */
    private static BufferedImage picture(JsonNode cell) throws IOException {
        for (JsonNode output : cell.get("outputs")) {
            JsonNode png = output.path("data").path("image/png");
            if (!png.isMissingNode()) {
                byte[] bytes = Base64.getMimeDecoder().decode(png.asText().getBytes(StandardCharsets.US_ASCII));
                return ImageIO.read(new ByteArrayInputStream(bytes));
            }
        }
        return null;
    }

    private static int colours(BufferedImage picture) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < picture.getHeight(); y += 2) {
            for (int x = 0; x < picture.getWidth(); x += 2) {
                colours.add(picture.getRGB(x, y));
            }
        }
        return colours.size();
    }

    private static String shellQuoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
