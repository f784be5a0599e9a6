package org.dqnspark.app.visualize;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * How a state and a gradient over it are drawn, by the game family:
 * <ul>
 * <li>Atari (history frames of one grey plane): the last three frames as one RGB image, red the oldest of the
 * three and blue the newest, as simple_dqn's nvis draws them, so that what moved shows in colour and what stood
 * still in grey; the gradient over the same three frames the same way.</li>
 * <li>MinAtar (one frame of C object channels): each cell in the colour of its object's channel (the last
 * channel that is on wins, as in MinAtar's own display), on black; the gradient as the sum over channels of each
 * channel's colour scaled by its gradient, so that the colour says which object's presence raises the unit.</li>
 * </ul>
 * Gradients are drawn by their positive part (where more of the input would raise the unit: guided
 * backpropagation's "what excites it"), scaled so that the image's largest value is full brightness, over the
 * state at a quarter of its brightness, so that a reader sees which objects the gradient falls on.
 */
final class StatePictures {
    /**
     * The channels' display colours (RGB), one per MinAtar channel in order: distinct on black (MinAtar's own
     * display draws from a cubehelix palette; these are easier to tell apart at 10 x 10).
     */
    static final int[] CHANNEL_COLOURS = {0xf28e2b, 0x4fc3f7, 0xe15759, 0x76e0a0, 0xedc948, 0xb07aa1, 0xff9da7,
        0x9c755f, 0xbab0ac, 0x59a14f};

    private final int channels;
    private final int height;
    private final int width;
    /** The MinAtar channels' names; empty for Atari. */
    private final List<String> channelNames;
    /** Screen pixels per state pixel: pictures are enlarged without smoothing, so each pixel stays visible. */
    private final int scale;

    private StatePictures(int channels, int height, int width, List<String> channelNames, int scale) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.channelNames = channelNames;
        this.scale = scale;
    }

    /** Atari states: {@code historyLength} frames of {@code height} x {@code width}, drawn twice their size. */
    static StatePictures atari(int historyLength, int height, int width) {
        return new StatePictures(historyLength, height, width, List.of(), 2);
    }

    /** MinAtar states: one frame of the named channels, each cell 14 pixels square. */
    static StatePictures minatar(List<String> channelNames, int height, int width) {
        if (channelNames.size() > CHANNEL_COLOURS.length) {
            throw new IllegalArgumentException(channelNames.size() + " channels, colours for "
                    + CHANNEL_COLOURS.length);
        }
        return new StatePictures(channelNames.size(), height, width, channelNames, 14);
    }

    boolean isMinAtar() {
        return !channelNames.isEmpty();
    }

    /** Width and height of every picture, in pixels. */
    int pictureWidth() {
        return width * scale;
    }

    int pictureHeight() {
        return height * scale;
    }

    /** The state ([channels][height][width], 0..1) as the player would recognise it. */
    BufferedImage state(float[] state) {
        int[] rgb = new int[height * width];
        int plane = height * width;
        if (isMinAtar()) {
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < plane; p++) {
                    if (state[c * plane + p] > 0) {
                        rgb[p] = CHANNEL_COLOURS[c];
                    }
                }
            }
        } else {
            for (int p = 0; p < plane; p++) {
                rgb[p] = rgb(state[lastThree(0) * plane + p], state[lastThree(1) * plane + p],
                        state[lastThree(2) * plane + p]);
            }
        }
        return enlarged(rgb);
    }

    /** The state's share of a gradient picture's brightness: enough to place the gradient, not to hide it. */
    private static final float STATE_UNDERNEATH = 0.25f;

    /**
     * A gradient over {@code state} ([channels][height][width]) by its positive part, over the state dimmed: the
     * dimmed state where the gradient is zero.
     */
    BufferedImage gradient(float[] gradient, float[] state) {
        int plane = height * width;
        float max = 0;
        for (int c = isMinAtar() ? 0 : lastThree(0); c < channels; c++) {
            for (int p = 0; p < plane; p++) {
                max = Math.max(max, gradient[c * plane + p]);
            }
        }
        float unit = max > 0 ? 1 / max : 0;
        int[] rgb = new int[plane];
        for (int p = 0; p < plane; p++) {
            if (isMinAtar()) {
                float r = 0;
                float g = 0;
                float b = 0;
                for (int c = 0; c < channels; c++) {
                    float v = Math.max(gradient[c * plane + p], 0) * unit;
                    r += v * (CHANNEL_COLOURS[c] >> 16 & 0xff) / 255f;
                    g += v * (CHANNEL_COLOURS[c] >> 8 & 0xff) / 255f;
                    b += v * (CHANNEL_COLOURS[c] & 0xff) / 255f;
                }
                rgb[p] = rgb(r, g, b);
            } else {
                rgb[p] = rgb(Math.max(gradient[lastThree(0) * plane + p], 0) * unit,
                        Math.max(gradient[lastThree(1) * plane + p], 0) * unit,
                        Math.max(gradient[lastThree(2) * plane + p], 0) * unit);
            }
        }
        BufferedImage image = enlarged(rgb);
        BufferedImage underneath = state(state);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int g = image.getRGB(x, y);
                int s = underneath.getRGB(x, y);
                int mixed = 0;
                for (int shift = 0; shift <= 16; shift += 8) {
                    int level = Math.max(g >> shift & 0xff, Math.round((s >> shift & 0xff) * STATE_UNDERNEATH));
                    mixed |= level << shift;
                }
                image.setRGB(x, y, mixed);
            }
        }
        return image;
    }

    /** The HTML legend saying how to read the colours. */
    String legendHtml() {
        if (!isMinAtar()) {
            return "The state: its last three frames as one RGB image (red the oldest of the three, green the middle,"
                    + " blue the newest: still objects grey, moving ones in colour), as simple_dqn draws them."
                    + " Gradients: their positive part over the same three frames in the same colours, brightest"
                    + " where more of that pixel raises the unit most, over the state dimmed to a quarter.";
        }
        StringBuilder keys = new StringBuilder();
        for (int c = 0; c < channels; c++) {
            keys.append(String.format("<span class=\"key\" style=\"background:#%06x\"></span>%s ",
                    CHANNEL_COLOURS[c], channelNames.get(c)));
        }
        return "Channels: " + keys + "<br>The state: each cell in its object's colour. Gradients: each cell the sum"
                + " of the channels' colours weighted by the positive part of the gradient on that channel, brightest"
                + " where the presence of that object raises the unit most, over the state dimmed to a quarter.";
    }

    /** The state channel of the last three frames' {@code k}-th (0 = the oldest of them), repeated if fewer. */
    private int lastThree(int k) {
        return Math.max(0, channels - 3 + k);
    }

    private static int rgb(float r, float g, float b) {
        return level(r) << 16 | level(g) << 8 | level(b);
    }

    private static int level(float unit) {
        return Math.round(Math.min(Math.max(unit, 0f), 1f) * 255);
    }

    private BufferedImage enlarged(int[] rgb) {
        BufferedImage image = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height * scale; y++) {
            for (int x = 0; x < width * scale; x++) {
                image.setRGB(x, y, rgb[y / scale * width + x / scale]);
            }
        }
        return image;
    }
}
