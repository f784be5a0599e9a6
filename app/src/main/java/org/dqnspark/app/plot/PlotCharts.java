package org.dqnspark.app.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Panels as XChart charts, laid out two to a row in one PNG. XChart draws; nothing here draws by hand. */
public final class PlotCharts {
    /** One chart's size in pixels. */
    public static final int WIDTH = 640;
    public static final int HEIGHT = 440;
    /** Charts per row (fewer when there are fewer panels). */
    public static final int COLUMNS = 2;

    /** One colour per run, in the order the runs were asked for (Tableau's first colours, told apart in print). */
    private static final Color[] RUN_COLOURS = {new Color(31, 119, 180), new Color(214, 39, 40),
        new Color(44, 160, 44), new Color(255, 127, 14), new Color(148, 103, 189), new Color(140, 86, 75)};

    private PlotCharts() {
    }

    /** One chart per panel, each run in its own colour; the legend names run and line. */
    public static List<XYChart> charts(List<Panel> panels, XAxis axis, List<String> runs) {
        Map<String, Color> colours = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            colours.put(runs.get(i), RUN_COLOURS[i % RUN_COLOURS.length]);
        }
        List<XYChart> charts = new ArrayList<>();
        for (Panel panel : panels) {
            // A panel with nothing to draw says so; its axes stay XChart's empty ones.
            String title = panel.lines().isEmpty() ? panel.title() + " (no values)" : panel.title();
            XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                    .xAxisTitle(axis.title()).yAxisTitle(panel.yTitle()).build();
            style(chart.getStyler());
            for (Panel.Line line : panel.lines()) {
                XYSeries series = chart.addSeries(line.run() + ": " + line.label(), line.x(), line.y());
                draw(series, line.style(), colours.get(line.run()));
            }
            charts.add(chart);
        }
        return charts;
    }

    /**
     * Writes the charts as one PNG, {@link #COLUMNS} to a row; a last row with fewer is left white (XChart's own
     * grid needs it full).
     */
    public static void write(List<XYChart> charts, Path file) throws IOException {
        int columns = Math.min(COLUMNS, charts.size());
        int rows = (charts.size() + columns - 1) / columns;
        BufferedImage grid = new BufferedImage(columns * WIDTH, rows * HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = grid.createGraphics();
        try {
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, grid.getWidth(), grid.getHeight());
            for (int i = 0; i < charts.size(); i++) {
                graphics.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), i % columns * WIDTH,
                        i / columns * HEIGHT, null);
            }
        } finally {
            graphics.dispose();
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            if (!ImageIO.write(grid, "png", out)) {
                throw new IllegalStateException("no PNG writer in this JVM");
            }
        }
    }

    private static void style(XYStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(Color.GRAY);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setLegendBorderColor(Color.WHITE);
        styler.setChartTitleBoxVisible(false);
        styler.setAntiAlias(true);
        // XChart's default drops the leading zero (".02"); losses and Q values are mostly below 1.
        styler.setYAxisDecimalPattern("#,##0.#####");
        styler.setPlotGridLinesColor(new Color(225, 225, 225));
    }

    /** The measured points with markers; a second measure dashed; a level dotted, without markers. */
    private static void draw(XYSeries series, Panel.Style style, Color colour) {
        series.setLineColor(colour);
        series.setMarkerColor(colour);
        switch (style) {
            case POINTS -> {
                series.setMarker(SeriesMarkers.CIRCLE);
                series.setLineStyle(SeriesLines.SOLID);
            }
            case SECOND -> {
                series.setMarker(SeriesMarkers.DIAMOND);
                series.setLineStyle(SeriesLines.DASH_DASH);
            }
            case LEVEL -> {
                series.setMarker(SeriesMarkers.NONE);
                series.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                        new float[] {2f, 4f}, 0f));
            }
            default -> throw new IllegalArgumentException(style.toString());
        }
    }
}
