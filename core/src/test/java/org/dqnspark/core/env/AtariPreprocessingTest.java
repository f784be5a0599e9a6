package org.dqnspark.core.env;

import static org.dqnspark.core.env.AtariPreprocessing.FRAME_BYTES;
import static org.dqnspark.core.env.AtariPreprocessing.SCREEN_HEIGHT;
import static org.dqnspark.core.env.AtariPreprocessing.SCREEN_WIDTH;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AtariPreprocessingTest {
    private static final int SCREEN_BYTES = SCREEN_HEIGHT * SCREEN_WIDTH * 3;

    private static byte[] screen(int r, int g, int b) {
        byte[] s = new byte[SCREEN_BYTES];
        for (int i = 0; i < s.length; i += 3) {
            s[i] = (byte) r;
            s[i + 1] = (byte) g;
            s[i + 2] = (byte) b;
        }
        return s;
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
    void maxIsTakenPerColourChannelBeforeLuminance() {
        byte[] reddish = screen(200, 0, 0);
        byte[] greenish = screen(0, 100, 0);
        float[] out = new float[SCREEN_HEIGHT * SCREEN_WIDTH];
        AtariPreprocessing.maxLuminance(reddish, greenish, out);
        // max per channel = (200, 100, 0): 59.8 + 58.7 = 118.5, not max(59.8, 58.7)
        assertEquals(118.5f, out[0], 1e-3);
        assertEquals(118.5f, out[out.length - 1], 1e-3);
    }

    @Test
    void encodingGivesAnEightyFourSquareFrameOfTheConstantLuminance() {
        byte[] out = new byte[FRAME_BYTES];
        new AtariPreprocessing().encode(screen(200, 100, 50), screen(0, 0, 0), out);
        assertEquals(84 * 84, out.length);
        for (byte value : out) {
            assertEquals(124, value & 0xff); // 124.2 rounded
        }
    }

    @Test
    void resizeInterpolatesBilinearlyBetweenSourceRows() {
        // Each row's value is its index. Output row y samples source row (y + 0.5) * 2.5 - 0.5 = 2.5y + 0.75.
        float[] rows = new float[SCREEN_HEIGHT * SCREEN_WIDTH];
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
        float[] halves = new float[SCREEN_HEIGHT * SCREEN_WIDTH];
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
}
