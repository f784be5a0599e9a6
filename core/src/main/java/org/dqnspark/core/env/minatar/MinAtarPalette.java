package org.dqnspark.core.env.minatar;

/**
 * MinAtar's display colours (its {@code Environment.display_state}): a cell shows the colour of its highest
 * channel that is on, channel c of n drawing the c-th of n colours of matplotlib's "cubehelix" map (seaborn's
 * {@code color_palette("cubehelix", n)}), an empty cell black. For people only: the network reads the grid.
 */
public final class MinAtarPalette {
    /** Black, then one colour per channel. */
    private final int[] colours;
    private final int channels;

    public MinAtarPalette(int channels) {
        this.channels = channels;
        this.colours = new int[channels + 1];
        for (int c = 0; c < channels; c++) {
            // seaborn samples a continuous map at the inner points of n + 2 even steps.
            colours[c + 1] = cubehelix((c + 1.0) / (channels + 1.0));
        }
    }

    /** The colour of channel {@code channel} as 0xRRGGBB. */
    public int colour(int channel) {
        return colours[channel + 1];
    }

    /** Paints the grid {@code frame} (channel-major, 0 or 255) into {@code rgb}, 10 x 10 row-major 0xRRGGBB. */
    public void paint(byte[] frame, int[] rgb) {
        int cells = Grid.SIZE * Grid.SIZE;
        for (int i = 0; i < cells; i++) {
            int top = 0;
            for (int c = channels - 1; c >= 0; c--) {
                if (frame[c * cells + i] != 0) {
                    top = c + 1;
                    break;
                }
            }
            rgb[i] = colours[top];
        }
    }

    /** matplotlib's cubehelix (Green 2011) with its defaults: gamma 1, start 0.5, rotations -1.5, hue 1. */
    static int cubehelix(double x) {
        double a = x * (1 - x) / 2;
        double phi = 2 * Math.PI * (0.5 / 3 + -1.5 * x);
        double cos = Math.cos(phi);
        double sin = Math.sin(phi);
        int r = channel(x + a * (-0.14861 * cos + 1.78277 * sin));
        int g = channel(x + a * (-0.29227 * cos - 0.90649 * sin));
        int b = channel(x + a * (1.97294 * cos));
        return (r << 16) | (g << 8) | b;
    }

    private static int channel(double value) {
        return (int) Math.round(255 * Math.max(0, Math.min(1, value)));
    }
}
