package org.dqnspark.core.env;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * DeepMind's screen preprocessing (Mnih et al. 2015, Methods, "Preprocessing"): "to encode a single
 * frame we take the maximum value for each pixel colour value over the frame being encoded and the
 * previous frame ... Second, we then extract the Y channel, also known as luminance, from the RGB
 * frame and rescale it to 84 x 84."
 *
 * <p>Luminance uses the ITU-R BT.601 weights (what OpenCV's RGB2GRAY, used by simple_dqn, computes);
 * the rescale is bilinear with OpenCV's INTER_LINEAR pixel-centre convention.
 *
 * <p>This runs once per agent step, beside the emulator, so it is built for speed; every shortcut
 * gives exactly the bytes of the definition ({@link #resize} of the luminance plane):
 * <ul>
 *   <li>The Atari draws every pixel from a palette of at most 256 colours, and ALE hands out screens
 *       as palette indices. So the luminance of the channel-wise maximum of two pixels depends only on
 *       their two indices: it is looked up in a 256 x 256 table made once from the palette, instead of
 *       being computed from RGB screens three times the size.
 *   <li>Only the 168 screen rows the rescale samples are converted, one output row at a time.
 *   <li>An output row whose source rows are the same in both screens as at the last call is the same
 *       as then, and is copied. From one agent step to the next most of an Atari screen stands still:
 *       in random Breakout play about 5 of the 84 output rows change per step, and an encoding costs
 *       about 20 us instead of 90 us.
 * </ul>
 * One instance per emulator; not thread-safe.
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
    /** The luminance of the two source rows of one output row. */
    private final float[] upper = new float[SCREEN_WIDTH];
    private final float[] lower = new float[SCREEN_WIDTH];

    /** The last call's screens (in the rows the rescale samples), its frame, and which rows differ now. */
    private final byte[] lastCurrent = new byte[SCREEN_PIXELS];
    private final byte[] lastPrevious = new byte[SCREEN_PIXELS];
    private final byte[] lastFrame = new byte[FRAME_BYTES];
    private final boolean[] rowChanged = new boolean[SCREEN_HEIGHT];
    private boolean encodedBefore;

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
        for (int r : ROWS.sampled) {
            int start = r * SCREEN_WIDTH;
            int end = start + SCREEN_WIDTH;
            rowChanged[r] = !encodedBefore
                    || !Arrays.equals(current, start, end, lastCurrent, start, end)
                    || !Arrays.equals(previous, start, end, lastPrevious, start, end);
        }
        for (int y = 0; y < FRAME_HEIGHT; y++) {
            int r0 = ROWS.low[y];
            int r1 = ROWS.high[y];
            if (rowChanged[r0] || rowChanged[r1]) {
                luminanceRow(current, previous, r0, upper);
                luminanceRow(current, previous, r1, lower);
                interpolateRow(upper, 0, lower, 0, ROWS.weight[y], lastFrame, y * FRAME_WIDTH);
            }
        }
        for (int r : ROWS.sampled) {
            if (rowChanged[r]) {
                System.arraycopy(current, r * SCREEN_WIDTH, lastCurrent, r * SCREEN_WIDTH, SCREEN_WIDTH);
                System.arraycopy(previous, r * SCREEN_WIDTH, lastPrevious, r * SCREEN_WIDTH, SCREEN_WIDTH);
            }
        }
        encodedBefore = true;
        System.arraycopy(lastFrame, 0, out, 0, FRAME_BYTES);
    }

    private void luminanceRow(byte[] current, byte[] previous, int row, float[] into) {
        int start = row * SCREEN_WIDTH;
        for (int x = 0; x < SCREEN_WIDTH; x++) {
            into[x] = maxLuminance[((current[start + x] & 0xff) << 8) | (previous[start + x] & 0xff)];
        }
    }

    /**
     * Encodes one frame into {@code out} from two RGB screens (210 x 160 pixels as 0xRRGGBB, as a PNG of a
     * recorded game holds them): the definition itself, without the palette's shortcuts. For screens whose
     * colours are those of this emulator's palette it gives exactly the bytes of {@link #encode} on their
     * palette indices (the same luminance of the same channel-wise maximum, the same rescale). Pass the same
     * screen twice to encode a single screen. Stateless and thread-safe.
     */
    public static void encodeRgb(int[] current, int[] previous, byte[] out) {
        if (current.length != SCREEN_PIXELS || previous.length != SCREEN_PIXELS) {
            throw new IllegalArgumentException("a screen has " + SCREEN_PIXELS + " pixels, got " + current.length
                    + " and " + previous.length);
        }
        float[] plane = new float[SCREEN_PIXELS];
        for (int i = 0; i < SCREEN_PIXELS; i++) {
            int a = current[i];
            int b = previous[i];
            plane[i] = luminance(Math.max((a >> 16) & 0xff, (b >> 16) & 0xff),
                    Math.max((a >> 8) & 0xff, (b >> 8) & 0xff), Math.max(a & 0xff, b & 0xff));
        }
        resize(plane, out);
    }

    /** ITU-R BT.601 luma of an RGB colour, each channel 0..255. */
    static float luminance(int r, int g, int b) {
        return 0.299f * r + 0.587f * g + 0.114f * b;
    }

    /** Bilinear rescale of a 210 x 160 plane to 84 x 84 bytes, rounded to nearest. */
    static void resize(float[] src, byte[] out) {
        for (int y = 0; y < FRAME_HEIGHT; y++) {
            interpolateRow(src, ROWS.low[y] * SCREEN_WIDTH, src, ROWS.high[y] * SCREEN_WIDTH, ROWS.weight[y], out,
                    y * FRAME_WIDTH);
        }
    }

    /** One output row of the rescale, from its upper and lower source rows and the weight on the lower. */
    private static void interpolateRow(float[] upper, int upperStart, float[] lower, int lowerStart, float wy,
                                       byte[] out, int outStart) {
        for (int x = 0; x < FRAME_WIDTH; x++) {
            int c0 = COLUMNS.low[x];
            int c1 = COLUMNS.high[x];
            float wx = COLUMNS.weight[x];
            float top = upper[upperStart + c0] + wx * (upper[upperStart + c1] - upper[upperStart + c0]);
            float bottom = lower[lowerStart + c0] + wx * (lower[lowerStart + c1] - lower[lowerStart + c0]);
            float value = top + wy * (bottom - top);
            out[outStart + x] = (byte) Math.min(255, (int) (value + 0.5f));
        }
    }

    /** Source sample positions for one axis: output pixel i reads low[i] and high[i], weight on high. */
    private static final class Axis {
        final int[] low;
        final int[] high;
        final float[] weight;
        /** The source positions read at all, ascending. */
        final int[] sampled;

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
            sampled = IntStream.concat(Arrays.stream(low), Arrays.stream(high)).distinct().sorted().toArray();
        }
    }
}
