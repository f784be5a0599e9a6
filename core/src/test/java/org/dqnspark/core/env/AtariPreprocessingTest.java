package org.dqnspark.core.env;

import static org.dqnspark.core.env.AtariPreprocessing.FRAME_BYTES;
import static org.dqnspark.core.env.AtariPreprocessing.SCREEN_HEIGHT;
import static org.dqnspark.core.env.AtariPreprocessing.SCREEN_PIXELS;
import static org.dqnspark.core.env.AtariPreprocessing.SCREEN_WIDTH;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.bytedeco.ale.ALEInterface;
import org.dqnspark.core.testing.TestRoms;
import org.junit.jupiter.api.Test;

class AtariPreprocessingTest {
    /** A palette where colour 1 is (200, 0, 0), colour 2 is (0, 100, 0), colour 3 is (200, 100, 50). */
    private static final int[] PALETTE = new int[256];

    static {
        PALETTE[1] = 0xC80000;
        PALETTE[2] = 0x006400;
        PALETTE[3] = 0xC86432;
    }

    private static byte[] screenOf(int colour) {
        byte[] screen = new byte[SCREEN_PIXELS];
        Arrays.fill(screen, (byte) colour);
        return screen;
    }

    @Test
    void luminanceUsesTheBt601Weights() {
        assertEquals(0.299f * 255, AtariPreprocessing.luminance(255, 0, 0), 1e-4);
        assertEquals(0.587f * 255, AtariPreprocessing.luminance(0, 255, 0), 1e-4);
        assertEquals(0.114f * 255, AtariPreprocessing.luminance(0, 0, 255), 1e-4);
        // 0.299*200 + 0.587*100 + 0.114*50 = 59.8 + 58.7 + 5.7 = 124.2
        assertEquals(124.2f, AtariPreprocessing.luminance(200, 100, 50), 1e-3);
    }

    @Test
    void theMaxOfTwoFramesIsTakenPerColourChannelBeforeLuminance() {
        byte[] out = new byte[FRAME_BYTES];
        new AtariPreprocessing(PALETTE).encode(screenOf(1), screenOf(2), out);
        // channel-wise max = (200, 100, 0): 59.8 + 58.7 = 118.5 -> 119, not max(59.8, 58.7) = 60
        for (byte value : out) {
            assertEquals(119, value & 0xff);
        }
    }

    @Test
    void encodingGivesAnEightyFourSquareFrameOfTheConstantLuminance() {
        byte[] out = new byte[FRAME_BYTES];
        new AtariPreprocessing(PALETTE).encode(screenOf(3), screenOf(0), out);
        assertEquals(84 * 84, out.length);
        for (byte value : out) {
            assertEquals(124, value & 0xff); // 124.2 rounded
        }
    }

    @Test
    void resizeInterpolatesBilinearlyBetweenSourceRows() {
        // Each row's value is its index. Output row y samples source row (y + 0.5) * 2.5 - 0.5 = 2.5y + 0.75.
        float[] rows = new float[SCREEN_PIXELS];
        for (int y = 0; y < SCREEN_HEIGHT; y++) {
            for (int x = 0; x < SCREEN_WIDTH; x++) {
                rows[y * SCREEN_WIDTH + x] = y;
            }
        }
        byte[] out = new byte[FRAME_BYTES];
        AtariPreprocessing.resize(rows, out);
        assertEquals(1, out[0] & 0xff);             // 0.75 rounds to 1
        assertEquals(3, out[84] & 0xff);            // row 1: 3.25 -> 3
        assertEquals(6, out[2 * 84] & 0xff);        // row 2: 5.75 -> 6
        assertEquals(208, out[83 * 84 + 5] & 0xff); // row 83: 208.25 -> 208
    }

    @Test
    void resizeKeepsAVerticalEdgeWhereItFalls() {
        // Left half (x < 80) black, right half white: output column x samples source x' = (x + 0.5) * 160/84 - 0.5.
        float[] halves = new float[SCREEN_PIXELS];
        for (int y = 0; y < SCREEN_HEIGHT; y++) {
            for (int x = SCREEN_WIDTH / 2; x < SCREEN_WIDTH; x++) {
                halves[y * SCREEN_WIDTH + x] = 255;
            }
        }
        byte[] out = new byte[FRAME_BYTES];
        AtariPreprocessing.resize(halves, out);
        assertEquals(0, out[41] & 0xff);   // x' = 78.55, between 78 and 79: both black
        assertEquals(255, out[42] & 0xff); // x' = 80.45, between 80 and 81: both white
        assertEquals(255, out[83] & 0xff); // x' = 158.6: white
    }

    /** The definition, on RGB screens: channel-wise max, luminance, rescale. */
    private static byte[] encodeFromRgb(byte[] a, byte[] b) {
        float[] lum = new float[SCREEN_PIXELS];
        for (int p = 0, i = 0; p < SCREEN_PIXELS; p++, i += 3) {
            lum[p] = AtariPreprocessing.luminance(Math.max(a[i] & 0xff, b[i] & 0xff),
                    Math.max(a[i + 1] & 0xff, b[i + 1] & 0xff), Math.max(a[i + 2] & 0xff, b[i + 2] & 0xff));
        }
        byte[] out = new byte[FRAME_BYTES];
        AtariPreprocessing.resize(lum, out);
        return out;
    }

    /** The definition on palette indices: the luminance of the channel-wise maximum, then the rescale. */
    private static byte[] encodeByDefinition(int[] palette, byte[] current, byte[] previous) {
        float[] lum = new float[SCREEN_PIXELS];
        for (int p = 0; p < SCREEN_PIXELS; p++) {
            int a = palette[current[p] & 0xff];
            int b = palette[previous[p] & 0xff];
            lum[p] = AtariPreprocessing.luminance(Math.max(a >> 16, b >> 16), Math.max((a >> 8) & 0xff, (b >> 8) & 0xff),
                    Math.max(a & 0xff, b & 0xff));
        }
        byte[] out = new byte[FRAME_BYTES];
        AtariPreprocessing.resize(lum, out);
        return out;
    }

    @Test
    void screensThatChangeInAFewRowsBetweenCallsAreEncodedExactlyAsFromScratch() {
        SplittableRandom random = new SplittableRandom(11);
        int[] palette = new int[256];
        for (int i = 0; i < palette.length; i++) {
            palette[i] = random.nextInt(1 << 24);
        }
        AtariPreprocessing preprocessing = new AtariPreprocessing(palette);
        byte[] current = new byte[SCREEN_PIXELS];
        byte[] previous = new byte[SCREEN_PIXELS];
        // Few colours, in runs, as on Atari screens, so that rows and pixels repeat.
        for (int p = 0; p < SCREEN_PIXELS; p++) {
            current[p] = (byte) (p / 37 % 5 * 50);
        }
        byte[] out = new byte[FRAME_BYTES];
        for (int call = 0; call < 300; call++) {
            byte[] changed = random.nextBoolean() ? current : previous;
            int rows = call % 10 == 0 ? SCREEN_HEIGHT : random.nextInt(4);
            for (int i = 0; i < rows; i++) {
                int row = call % 10 == 0 ? i : random.nextInt(SCREEN_HEIGHT);
                int x = random.nextInt(SCREEN_WIDTH);
                changed[row * SCREEN_WIDTH + x] = (byte) random.nextInt(256);
            }
            boolean single = call % 7 == 3;
            preprocessing.encode(current, single ? current : previous, out);
            assertArrayEquals(encodeByDefinition(palette, current, single ? current : previous), out, "call " + call);
        }
    }

    @Test
    void thePaletteLookupAndTheRgbPathGiveExactlyWhatTheRgbDefinitionGivesOnRealScreens() throws Exception {
        Path rom = TestRoms.rom("breakout.bin");
        ALEInterface ale = new ALEInterface();
        try {
            ale.loadROM(rom.toString());
            AtariPreprocessing preprocessing = new AtariPreprocessing(AleEnvironment.palette(ale));
            byte[][] rgb = {new byte[SCREEN_PIXELS * 3], new byte[SCREEN_PIXELS * 3]};
            byte[][] indices = {new byte[SCREEN_PIXELS], new byte[SCREEN_PIXELS]};
            byte[] viaPalette = new byte[FRAME_BYTES];
            byte[] viaRgb = new byte[FRAME_BYTES];
            int compared = 0;
            for (int frame = 0; frame < 400; frame++) {
                ale.act(frame % 30 == 0 ? 1 : (frame / 7) % 2 == 0 ? 3 : 4);
                int k = frame % 2;
                ale.getScreenRGB(rgb[k]);
                ale.getScreen().getArray().get(indices[k]);
                if (frame > 0 && frame % 13 == 0) {
                    preprocessing.encode(indices[k], indices[1 - k], viaPalette);
                    assertArrayEquals(encodeFromRgb(rgb[k], rgb[1 - k]), viaPalette, "frame " + frame);
                    // The RGB path, as PNG pixels reach it (a dataset's screens), on two screens and on one.
                    AtariPreprocessing.encodeRgb(packed(rgb[k]), packed(rgb[1 - k]), viaRgb);
                    assertArrayEquals(viaPalette, viaRgb, "RGB path, frame " + frame);
                    preprocessing.encode(indices[k], indices[k], viaPalette);
                    AtariPreprocessing.encodeRgb(packed(rgb[k]), packed(rgb[k]), viaRgb);
                    assertArrayEquals(viaPalette, viaRgb, "RGB path on one screen, frame " + frame);
                    compared++;
                }
            }
            assertEquals(30, compared);
        } finally {
            ale.close();
        }
    }
    /** ALE's RGB screen (3 bytes a pixel) as 0xRRGGBB pixels, as a PNG reader hands them out. */
    private static int[] packed(byte[] rgb) {
        int[] pixels = new int[SCREEN_PIXELS];
        for (int p = 0; p < SCREEN_PIXELS; p++) {
            pixels[p] = (rgb[3 * p] & 0xff) << 16 | (rgb[3 * p + 1] & 0xff) << 8 | (rgb[3 * p + 2] & 0xff);
        }
        return pixels;
    }
}
