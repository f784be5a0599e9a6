package org.dqnspark.app.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

/** The charts of panels made by hand: no Spark, no store. */
class PlotChartsTest {
    @TempDir
    Path dir;

    private static Panel.Line line(String run, String label, Panel.Style style) {
        return new Panel.Line(run, label, style, new double[] {1, 2, 3}, new double[] {0.5, 1.5, 1});
    }

    @Test
    void aPanelWithoutValuesIsDrawnWithEmptyAxesAndSaysSoInItsTitle() throws IOException {
        List<XYChart> charts = PlotCharts.charts(List.of(new Panel("Mean loss", "loss", List.of())),
                XAxis.UPDATES, List.of("a"));
        assertEquals("Mean loss (no values)", charts.get(0).getTitle());
        assertTrue(charts.get(0).getSeriesMap().isEmpty());
        Path png = dir.resolve("empty.png");
        PlotCharts.write(charts, png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(PlotCharts.WIDTH, image.getWidth());
        assertEquals(PlotCharts.HEIGHT, image.getHeight());
    }

    @Test
    void eachRunKeepsOneColourOnEveryPanelAndItsLinesTheirStyles() {
        List<Panel> panels = List.of(
                new Panel("Score per game", "score", List.of(line("a", "evaluation", Panel.Style.POINTS),
                        line("a", "random policy", Panel.Style.LEVEL), line("b", "evaluation", Panel.Style.POINTS))),
                new Panel("meanq", "Q", List.of(line("b", "meanq", Panel.Style.SECOND), line("a", "meanq",
                        Panel.Style.POINTS))));
        List<XYChart> charts = PlotCharts.charts(panels, XAxis.CYCLE, List.of("a", "b"));
        var score = charts.get(0).getSeriesMap();
        var meanq = charts.get(1).getSeriesMap();
        assertEquals(score.get("a: evaluation").getLineColor(), meanq.get("a: meanq").getLineColor());
        assertEquals(score.get("b: evaluation").getLineColor(), meanq.get("b: meanq").getLineColor());
        assertTrue(!score.get("a: evaluation").getLineColor().equals(score.get("b: evaluation").getLineColor()));
        assertEquals(score.get("a: evaluation").getLineColor(), score.get("a: random policy").getLineColor());
        assertTrue(!score.get("a: evaluation").getLineStyle().equals(score.get("a: random policy").getLineStyle()));
        assertEquals("cycle", charts.get(0).getXAxisTitle());
    }
}
