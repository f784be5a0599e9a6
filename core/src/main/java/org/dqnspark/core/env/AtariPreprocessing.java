package org.dqnspark.core.env;

/**
 * DeepMind's screen preprocessing (Mnih et al. 2015, Methods, "Preprocessing"): "to encode a single
 * frame we take the maximum value for each pixel colour value over the frame being encoded and the
 * previous frame ... Second, we then extract the Y channel, also known as luminance, from the RGB
 * frame and rescale it to 84 x 84."
 *
 * <p>Luminance uses the ITU-R BT.601 weights (what OpenCV's RGB2GRAY, used by simple_dqn, computes);
 * the rescale is bilinear with OpenCV's INTER_LINEAR pixel-centre convention. Stateless apart from
 * a scratch buffer: one instance per emulator.
 */
public final class AtariPreprocessing {
    /** ALE's screen. */
    public static final int SCREEN_HEIGHT = 210;
    public static final int SCREEN_WIDTH = 160;
    /** The network's input frame (Nature: 84 x 84). */
    public static final int FRAME_HEIGHT = 84;
    public static final int FRAME_WIDTH = 84;
    public static final int FRAME_BYTES = FRAME_HEIGHT * FRAME_WIDTH;

    private static final Axis ROWS = new Axis(SCREEN_HEIGHT, FRAME_HEIGHT);
    private static final Axis COLUMNS = new Axis(SCREEN_WIDTH, FRAME_WIDTH);

    private final float[] luminance = new float[SCREEN_HEIGHT * SCREEN_WIDTH];

    /**
     * Encodes one frame into {@code out} (84 x 84, row-major, uint8) from two RGB screens (210 x 160 x 3,
     * interleaved): the pixel-wise maximum of {@code current} and {@code previous}, its luminance,
     * rescaled. Pass the same array twice to encode a single screen.
     */
    public void encode(byte[] current, byte[] previous, byte[] out) {
        maxLuminance(current, previous, luminance);
        resize(luminance, out);
    }

    /** Per pixel: Y of the channel-wise maximum of two RGB screens. */
    static void maxLuminance(byte[] a, byte[] b, float[] out) {
        for (int p = 0, i = 0; p < out.length; p++, i += 3) {
            int r = Math.max(a[i] & 0xff, b[i] & 0xff);
            int g = Math.max(a[i + 1] & 0xff, b[i + 1] & 0xff);
            int bl = Math.max(a[i + 2] & 0xff, b[i + 2] & 0xff);
            out[p] = luminance(r, g, bl);
        }
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
