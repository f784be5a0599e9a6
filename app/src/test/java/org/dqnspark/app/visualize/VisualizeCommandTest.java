package org.dqnspark.app.visualize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dqnspark.app.Dqn;
import org.dqnspark.app.TinyCycleRuns;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dqn visualize} on a real store: a run of two tiny MinAtar Breakout cycles ({@link TinyCycleRuns}; snapshots
 * epoch-1 and epoch-2), its page read back as a browser would.
 */
class VisualizeCommandTest {
    @TempDir
    static Path built;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void buildARun() {
        TinyCycleRuns.build(built.resolve("store"), "a", 2);
    }

    private int visualize(String... more) {
        List<String> args = new ArrayList<>(List.of("visualize", "--store", built.resolve("store").toString(),
                "--master", "local[2]"));
        args.addAll(List.of(more));
        return Dqn.execute(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void aMinAtarRunsPageShowsEachStateItsActionAndTheMostActiveFiltersOfItsOneConvolution() throws IOException {
        Path page = dir.resolve("page");
        assertEquals(0, visualize("--run", "a", "--out", page.toString(), "--states", "3", "--filters", "5"),
                err.toString());
        // Per state: the state, the greedy action's gradient and 5 of the 16 filters of MinAtar's one convolution.
        assertTrue(out.toString().contains("wrote " + page.resolve("index.html") + " (3 states, 21 images; snapshot"
                + " epoch-2)"), out.toString());
        List<BufferedImage> images = PageFiles.assertPage(page, 3, 7, 140, 140);
        int drawn = 0;
        for (BufferedImage image : images) {
            drawn += PageFiles.colours(image) > 1 ? 1 : 0;
        }
        assertTrue(drawn >= images.size() * 3 / 4, drawn + " of " + images.size() + " images have something drawn");
        for (int s = 1; s <= 3; s++) {
            BufferedImage state = javax.imageio.ImageIO.read(page.resolve("state" + s + "-state.png").toFile());
            assertTrue(PageFiles.colours(state) >= 3, "state " + s + ": black, the bricks and the paddle at least");
        }
        String html = Files.readString(page.resolve("index.html"));
        assertTrue(html.contains("run a, snapshot epoch-2, minatar:breakout"), html);
        for (String label : List.of("State 3 of 3", "Greedy action", "conv1: the 5 most active of 16 filters",
                "conv1 filter ", "paddle", "ball", "trail", "brick", "Q(")) {
            assertTrue(html.contains(label), label + " in the page");
        }
        assertTrue(html.matches("(?s).*Q of every action: noop -?\\d+\\.\\d{3}, left -?\\d+\\.\\d{3}, right .*"), html);
    }

    @Test
    void anEarlierSnapshotAndTheDefaultDirectoryWork() throws IOException {
        Path cwdOut = Path.of("a-visualize");
        try {
            assertEquals(0, visualize("--run", "a", "--snapshot", "1", "--states", "1"), err.toString());
            assertTrue(out.toString().contains("a-visualize"), out.toString());
            assertTrue(out.toString().contains("snapshot epoch-1"), out.toString());
            PageFiles.assertPage(cwdOut, 1, 2 + 4, 140, 140);
        } finally {
            try (var files = Files.list(cwdOut)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(cwdOut);
        }
    }

    @Test
    void anUnknownRunOrSnapshotExitsWithTwoNamingIt() {
        assertEquals(2, visualize("--run", "nope", "--out", dir.resolve("x").toString()));
        assertTrue(err.toString().contains("No run nope in the store"), err.toString());
        assertTrue(err.toString().contains("its runs: a"), err.toString());
        assertEquals(2, visualize("--run", "a", "--snapshot", "7", "--out", dir.resolve("x").toString()));
        assertTrue(err.toString().contains("Unknown --snapshot '7' for run a: use latest or one of the run's epochs"
                + " [1, 2]."), err.toString());
        assertFalse(Files.exists(dir.resolve("x")), "nothing written");
    }

    @Test
    void aRunWithNoSnapshotYetExitsWithTwoSayingToTrainItFirst() {
        assertEquals(0, Dqn.execute(new String[] {"collect", "--game", "minatar:breakout", "--agent-steps", "100",
            "--actors", "1", "--store", built.resolve("store").toString(), "--run", "collected", "--master",
            "local[2]"}, new PrintWriter(out, true), new PrintWriter(err, true)), err.toString());
        assertEquals(2, visualize("--run", "collected", "--out", dir.resolve("y").toString()));
        assertTrue(err.toString().contains("Run 'collected' has no snapshot yet"), err.toString());
        assertTrue(err.toString().contains("train it first"), err.toString());
        assertFalse(Files.exists(dir.resolve("y")), "nothing written");
    }
}
