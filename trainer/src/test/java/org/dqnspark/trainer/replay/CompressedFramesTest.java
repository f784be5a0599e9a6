package org.dqnspark.trainer.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import org.dqnspark.core.store.Transition;
import org.junit.jupiter.api.Test;

/** The compressed replay window holds the very bytes of the raw one, in a fraction of the memory. */
class CompressedFramesTest {
    private static final int ATARI_FRAME = 84 * 84;
    private static final int H = 4;

    /**
     * An Atari-sized frame like a screen: a flat background with a few changing objects. Every 50th frame
     * is noise, which no codec shrinks, so pages also fill with frames larger than a raw one.
     */
    private static byte[] screen(SplittableRandom random, int index) {
        byte[] frame = new byte[ATARI_FRAME];
        if (index % 50 == 49) {
            random.nextBytes(frame);
            return frame;
        }
        Arrays.fill(frame, 0, 84 * 20, (byte) 142);
        for (int object = 0; object < 3; object++) {
            int at = random.nextInt(ATARI_FRAME - 200);
            Arrays.fill(frame, at, at + 6 + random.nextInt(30), (byte) random.nextInt(256));
        }
        return frame;
    }

    /** The same episodes, some ending in a game over, some cut off with their next frame stored. */
    private static ReplayBuffer filled(String form, int transitions) {
        ReplayBuffer buffer = new ReplayBuffer(transitions, ATARI_FRAME, H, form);
        SplittableRandom random = new SplittableRandom(7);
        int episode = 0;
        int step = 0;
        for (int i = 0; i < transitions; i++) {
            boolean last = i == transitions - 1 || (i + 1) % 137 == 0;
            boolean gameOver = last && episode % 2 == 0 && i != transitions - 1;
            buffer.add(new Transition("r", 0, 0, episode, step, screen(random, i),
                    last && !gameOver ? screen(random, i + 1) : null, i % 4, i % 4, i % 3 == 0 ? 1f : 0f,
                    gameOver, false, last && !gameOver, 3, step * 4, 0.5f, Transition.SOURCE_RANDOM, Optional.empty()));
            step++;
            if (last) {
                episode++;
                step = 0;
            }
        }
        return buffer;
    }

    @Test
    void sampledStatesFromTheCompressedWindowAreByteForByteThoseOfTheRawOne() {
        ReplayBuffer raw = filled("raw", 3000);
        ReplayBuffer compressed = filled("compressed", 3000);
        assertEquals(raw.validCount(), compressed.validCount());
        SplittableRandom pick = new SplittableRandom(11);
        byte[] before = new byte[H * ATARI_FRAME];
        byte[] after = new byte[H * ATARI_FRAME];
        for (int draw = 0; draw < 2000; draw++) {
            int i = raw.sampleValidIndex(pick);
            assertArrayEquals(raw.stateBefore(i), compressed.stateBefore(i), "state before " + i);
            assertArrayEquals(raw.stateAfter(i), compressed.stateAfter(i), "state after " + i);
            compressed.statesAround(i, before, 0, after, 0);
            assertArrayEquals(raw.stateBefore(i), before, "statesAround's before " + i);
            assertArrayEquals(raw.stateAfter(i), after, "statesAround's after " + i);
        }
    }

    @Test
    void screensTakeAFractionOfTheirRawBytes() {
        ReplayBuffer raw = filled("raw", 3000);
        ReplayBuffer compressed = filled("compressed", 3000);
        assertTrue(compressed.bytesInMemory() * 4 < raw.bytesInMemory(),
                compressed.bytesInMemory() + " bytes compressed, " + raw.bytesInMemory() + " raw");
    }
}
