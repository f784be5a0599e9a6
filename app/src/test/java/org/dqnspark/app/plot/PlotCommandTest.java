package org.dqnspark.app.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.app.Dqn;
import org.dqnspark.app.TinyCycleRuns;
import org.dqnspark.core.store.StoreTables;
import org.dqnspark.core.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

/**
 * {@code dqn plot} on a real store: run "a" of two tiny MinAtar Breakout cycles (two snapshots, two evaluations,
 * the random policy's), run "b" of one; the PNG read back as a reader would see it.
 */
class PlotCommandTest {
    @TempDir
    static Path built;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Run "a" of 2 cycles, run "b" of 1 ({@link TinyCycleRuns}). */
    @BeforeAll
    static void buildTwoRuns() {
        TinyCycleRuns.build(built.resolve("store"), "a", 2);
        TinyCycleRuns.build(built.resolve("store"), "b", 1);
    }

    private static String store() {
        return built.resolve("store").toString();
    }

    private int plot(String... more) {
        List<String> args = new ArrayList<>(List.of("plot", "--store", store(), "--master", "local[2]"));
        args.addAll(List.of(more));
        return Dqn.execute(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private BufferedImage plotted(Path png) throws IOException {
        assertTrue(Files.size(png) > 10_000, "a PNG of charts, not an empty one: " + Files.size(png) + " bytes");
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image != null, "a PNG ImageIO reads");
        return image;
    }

    /**
     * Asserts the image is a grid of {@code panels} charts, two to a row, each with something drawn in it, and
     * the cell a last row leaves over white.
     */
    private static void assertPanels(BufferedImage image, int panels) {
        int columns = Math.min(2, panels);
        int rows = (panels + columns - 1) / columns;
        assertEquals(columns * PlotCharts.WIDTH, image.getWidth());
        assertEquals(rows * PlotCharts.HEIGHT, image.getHeight());
        for (int i = 0; i < rows * columns; i++) {
            int x0 = i % columns * PlotCharts.WIDTH;
            int y0 = i / columns * PlotCharts.HEIGHT;
            Set<Integer> colours = new HashSet<>();
            int inked = 0;
            for (int y = y0; y < y0 + PlotCharts.HEIGHT; y++) {
                for (int x = x0; x < x0 + PlotCharts.WIDTH; x++) {
                    int rgb = image.getRGB(x, y) & 0xffffff;
                    colours.add(rgb);
                    inked += rgb == 0xffffff ? 0 : 1;
                }
            }
            String cell = "cell " + i + " of the grid";
            if (i >= panels) {
                assertEquals(0, inked, cell + ": no chart, white");
                continue;
            }
            assertEquals(0xffffff, image.getRGB(x0 + 2, y0 + 2) & 0xffffff, cell + ": a chart's white margin");
            assertTrue(colours.size() > 20, cell + ": " + colours.size() + " colours (text, axes, lines)");
            assertTrue(inked > PlotCharts.WIDTH * PlotCharts.HEIGHT / 100, cell + ": " + inked + " pixels drawn");
            assertTrue(inked < PlotCharts.WIDTH * PlotCharts.HEIGHT / 2, cell + ": mostly background");
        }
    }

    @Test
    void aRunPlotsAsSimpleDqnsFourPanelsInAPngOfTwoByTwoChartsEachDrawn() throws IOException {
        Path png = dir.resolve("a.png");
        assertEquals(0, plot("--run", "a", "--out", png.toString()), err.toString());
        assertTrue(out.toString().contains("wrote " + png + " (4 panels, a)"), out.toString());
        assertPanels(plotted(png), 4);
        assertTrue(GraphicsEnvironment.isHeadless(), "drawn with no display");
    }

    @Test
    void fieldsGiveAChartEachTwoToARowOnEveryAxis() throws IOException {
        Path png = dir.resolve("fields.png");
        assertEquals(0, plot("--run", "a", "--out", png.toString(), "--fields", "meanq,cycles.evaluation_score",
                "--x", "cycle"), err.toString());
        assertTrue(out.toString().contains("(2 panels, a)"), out.toString());
        assertPanels(plotted(png), 2);
        Path three = dir.resolve("three.png");
        assertEquals(0, plot("--run", "a", "--out", three.toString(), "--fields",
                "cycles.evaluation_score,cycles.random_score,last_exploration_rate"), err.toString());
        assertPanels(plotted(three), 3);
        Path byUpdates = dir.resolve("updates.png");
        assertEquals(0, plot("--run", "a", "--out", byUpdates.toString(), "--fields", "updates_per_second",
                "--x", "updates"), err.toString());
        assertPanels(plotted(byUpdates), 1);
    }

    @Test
    void anUnknownFieldExitsWithTwoNamingItAndTheValidOnes() {
        assertEquals(2, plot("--run", "a", "--out", dir.resolve("x.png").toString(), "--fields", "meanq,score"));
        assertTrue(err.toString().contains("Unknown field score."), err.toString());
        assertTrue(err.toString().contains("meancost"), err.toString());
        assertTrue(err.toString().contains("cycles.<column>: "), err.toString());
        assertTrue(!Files.exists(dir.resolve("x.png")));
    }

    @Test
    void anUnknownRunOrAxisExitsWithTwoNamingIt() {
        assertEquals(2, plot("--run", "a,nope"));
        assertTrue(err.toString().contains("No run nope in the store"), err.toString());
        assertTrue(err.toString().contains("its runs: a, b"), err.toString());
        assertEquals(2, plot("--run", "a", "--x", "frames"));
        assertTrue(err.toString().contains("Unknown --x frames; one of: agent_steps, updates, cycle"), err.toString());
    }

    @Test
    void twoRunsAreOverlaidInOnePngWithBothNamedInTheLegends() throws IOException {
        Path png = dir.resolve("plot.png");
        assertEquals(0, plot("--run", "a,b", "--out", png.toString()), err.toString());
        assertTrue(out.toString().contains("(4 panels, a, b)"), out.toString());
        assertPanels(plotted(png), 4);

        SparkSession spark = TestSpark.session();
        StoreTables.register(spark, store());
        List<String> runs = List.of("a", "b");
        List<XYChart> charts = PlotCharts.charts(new PlotData(spark, XAxis.AGENT_STEPS, runs).defaults(),
                XAxis.AGENT_STEPS, runs);
        assertEquals(4, charts.size());
        assertEquals(Set.of("a: evaluation", "a: training episodes", "a: random policy",
                "b: evaluation", "b: training episodes", "b: random policy"), charts.get(0).getSeriesMap().keySet());
        assertEquals(Set.of("a: meanq", "b: meanq"), charts.get(1).getSeriesMap().keySet());
        assertEquals(2, charts.get(0).getSeriesMap().get("a: evaluation").getXData().length, "a's two snapshots");
        assertTrue(charts.get(0).getStyler().isLegendVisible());
    }
}
