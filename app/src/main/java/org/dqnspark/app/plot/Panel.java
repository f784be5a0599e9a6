package org.dqnspark.app.plot;

import java.util.List;

/**
 * One chart of a plot: its title, what its vertical axis measures, and its lines.
 *
 * @param title  the chart's title
 * @param yTitle the vertical axis's title
 * @param lines  the lines, every run's
 */
public record Panel(String title, String yTitle, List<Line> lines) {
    /** How a line is drawn: the measured points, a second measure beside them, or a constant level. */
    public enum Style { POINTS, SECOND, LEVEL }

    /**
     * One run's line on a panel.
     *
     * @param run   the run it belongs to (its colour)
     * @param label its name in the legend
     * @param style how it is drawn
     * @param x     positions on the horizontal axis, ascending
     * @param y     the values, one per position
     */
    public record Line(String run, String label, Style style, double[] x, double[] y) {
    }
}
