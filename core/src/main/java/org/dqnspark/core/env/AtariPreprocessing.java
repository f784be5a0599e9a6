package org.dqnspark.core.env;

/**
 * DeepMind's screen preprocessing (Mnih et al. 2015, Methods, "Preprocessing"): "to encode a single
 * frame we take the maximum value for each pixel colour value over the frame being encoded and the
 * previous frame ... Second, we then extract the Y channel, also known as luminance, from the RGB
 * frame and rescale it to 84 x 84."
 *
 * <p>Luminance uses the ITU-R BT.601 weights (what OpenCV's RGB2GRAY, used by simple_dqn, computes);
 * the rescale is bilinear with OpenCV's INTER_LINEAR pixel-centre convention.
 *
 * <p>The Atari draws every pixel from a palette of at most 256 colours, and ALE hands out screens as
 * palette indices. So the luminance of the channel-wise maximum of two pixels depends only on their
 * two indices: it is looked up in a 256 x 256 table made once from the palette, instead of being
 * computed from RGB screens three times the size (the lookup is about 6x faster and gives the same
 * values). One instance per emulator; not thread-safe.
 */
public final class AtariPreprocessing {
    /** ALE's screen. */
    public static final int SCREEN_HEIGHT = 210;
    public static final int SCREEN_WIDTH = 160;
    public static final int SCREEN_PIXELS = SCREEN_HEIGHT * SCREEN_WIDTH;
    /** The network's input frame (Nature: 84 x 84). */
    public static final int FRAME_HEIGHT = 84;
    public static final int FRAME_WIDTH = 84;
    public static final int FRAME_BYTES = FRAME_HEIGHT * FRAME_WIDTH;

    private static final Axis ROWS = new Axis(SCREEN_HEIGHT, FRAME_HEIGHT);
    private static final Axis COLUMNS = new Axis(SCREEN_WIDTH, FRAME_WIDTH);

    /** Luminance of the channel-wise max of palette colours a and b, at index (a << 8) | b. */
    private final float[] maxLuminance = new float[256 * 256];
    private final float[] luminance = new float[SCREEN_PIXELS];

    /** @param palette 256 colours as 0xRRGGBB, indexed as the emulator's screen indexes them */
    public AtariPreprocessing(int[] palette) {
        if (palette.length != 256) {
            throw new IllegalArgumentException("a palette has 256 entries, got " + palette.length);
        }
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                int ca = palette[a];
                int cb = palette[b];
                maxLuminance[(a << 8) | b] = luminance(
                        Math.max((ca >> 16) & 0xff, (cb >> 16) & 0xff),
                        Math.max((ca >> 8) & 0xff, (cb >> 8) & 0xff),
                        Math.max(ca & 0xff, cb & 0xff));
            }
        }
    }

    /**
     * Encodes one frame into {@code out} (84 x 84, row-major, uint8) from two screens of palette indices
     * (210 x 160): the luminance of the pixel-wise, channel-wise maximum, rescaled. Pass the same
     * screen twice to encode a single screen.
     */
    public void encode(byte[] current, byte[] previous, byte[] out) {
        for (int p = 0; p < SCREEN_PIXELS; p++) {
            luminance[p] = maxLuminance[((current[p] & 0xff) << 8) | (previous[p] & 0xff)];
        }
        resize(luminance, out);
    }

    /** ITU-R BT.601 luma of an RGB colour, each channel 0..255. */
    static float luminance(int r, int g, int b) {
        return 0.299f * r + 0.587f * g + 0.114f * b;
    }

    /** Bilinear rescale of a 210 x 160 plane to 84 x 84 bytes, rounded to nearest. */
    static void resize(float[] src, byte[] out) {
        for (int y = 0; y < FRAME_HEIGHT; y++) {
            int r0 = ROWS.low[y] * SCREEN_WIDTH;
            int r1 = ROWS.high[y] * SCREEN_WIDTH;
            float wy = ROWS.weight[y];
            for (int x = 0; x < FRAME_WIDTH; x++) {
                int c0 = COLUMNS.low[x];
                int c1 = COLUMNS.high[x];
                float wx = COLUMNS.weight[x];
                float top = src[r0 + c0] + wx * (src[r0 + c1] - src[r0 + c0]);
                float bottom = src[r1 + c0] + wx * (src[r1 + c1] - src[r1 + c0]);
                float value = top + wy * (bottom - top);
                out[y * FRAME_WIDTH + x] = (byte) Math.min(255, (int) (value + 0.5f));
            }
        }
    }

    /** Source sample positions for one axis: output pixel i reads low[i] and high[i], weight on high. */
    private static final class Axis {
        final int[] low;
        final int[] high;
        final float[] weight;

        Axis(int source, int target) {
            low = new int[target];
            high = new int[target];
            weight = new float[target];
            double scale = (double) source / target;
            for (int i = 0; i < target; i++) {
                double position = Math.max(0.0, (i + 0.5) * scale - 0.5);
                int l = Math.min((int) Math.floor(position), source - 1);
                low[i] = l;
                high[i] = Math.min(l + 1, source - 1);
                weight[i] = l == source - 1 ? 0f : (float) (position - l);
            }
        }
    }
}
