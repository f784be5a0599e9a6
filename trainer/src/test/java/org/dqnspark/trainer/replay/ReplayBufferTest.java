package org.dqnspark.trainer.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.dqnspark.core.state.EpisodeFrames;
import org.dqnspark.core.store.Transition;
import org.junit.jupiter.api.Test;

class ReplayBufferTest {
    private static final int H = 4;

    /** A 2-byte frame naming its episode and observation index. */
    private static byte[] f(int episode, int observation) {
        return new byte[] {(byte) episode, (byte) observation};
    }

    /**
     * Steps {@code from}..{@code to}-1 of episode e; its last stored step ends it as given (or not at all)
     * and carries the next observation, as the collector stores it.
     */
    private static List<Transition> segment(int e, int from, int to, boolean gameOver, boolean truncated) {
        List<Transition> steps = new ArrayList<>();
        for (int t = from; t < to; t++) {
            boolean last = t == to - 1;
            steps.add(new Transition("r", 0, 0, e, t, f(e, t), last ? f(e, t + 1) : null, t % 3, 0, t,
                    last && gameOver, false, last && truncated, 0, 0, 1f, Transition.SOURCE_RANDOM, Optional.empty()));
        }
        return steps;
    }

    private static ReplayBuffer fill(List<List<Transition>> segments) {
        ReplayBuffer buffer = new ReplayBuffer(1000, 2, H);
        segments.forEach(s -> s.forEach(buffer::add));
        return buffer;
    }

    @Test
    void statesMatchTheStoresReferenceRebuildAcrossEpisodeBoundaries() {
        List<List<Transition>> segments = List.of(segment(1, 0, 7, true, false), segment(2, 0, 2, false, true),
                segment(3, 0, 9, false, false));
        ReplayBuffer buffer = fill(segments);
        int i = 0;
        for (List<Transition> episode : segments) {
            EpisodeFrames reference = new EpisodeFrames(episode, H);
            for (int t = 0; t < episode.size(); t++, i++) {
                assertTrue(buffer.isValid(i), "index " + i);
                assertArrayEquals(reference.stateBefore(t), buffer.stateBefore(i), "before " + i);
                if (!buffer.gameOver(i)) {
                    assertArrayEquals(reference.stateAfter(t), buffer.stateAfter(i), "after " + i);
                }
            }
        }
    }

    @Test
    void noStateEverTakesAFrameFromAnotherEpisode() {
        ReplayBuffer buffer = fill(List.of(segment(1, 0, 5, true, false), segment(2, 0, 5, true, false),
                segment(3, 0, 3, false, true)));
        for (int i : buffer.validIndices()) {
            byte[] before = buffer.stateBefore(i);
            byte[] after = buffer.stateAfter(i);
            for (int k = 0; k < H; k++) {
                assertEquals(before[2 * (H - 1)], before[2 * k], "episode byte of frame " + k + " at " + i);
                assertEquals(after[2 * (H - 1)], after[2 * k]);
            }
        }
    }

    @Test
    void anEpisodeStartRepeatsItsFirstFrame() {
        ReplayBuffer buffer = fill(List.of(segment(1, 0, 5, true, false), segment(2, 0, 5, true, false)));
        assertArrayEquals(new byte[] {2, 0, 2, 0, 2, 0, 2, 0}, buffer.stateBefore(5));
        assertArrayEquals(new byte[] {2, 0, 2, 0, 2, 0, 2, 1}, buffer.stateAfter(5));
    }

    @Test
    void aTruncatedEpisodesNextStateUsesItsStoredNextFrame() {
        ReplayBuffer buffer = fill(List.of(segment(1, 0, 3, false, true), segment(2, 0, 3, true, false)));
        assertTrue(buffer.truncated(2));
        assertFalse(buffer.gameOver(2));
        assertArrayEquals(new byte[] {1, 0, 1, 1, 1, 2, 1, 3}, buffer.stateAfter(2));
    }

    @Test
    void afterAGameOverTheNextStateIsNeverTakenFromTheNextEpisode() {
        ReplayBuffer buffer = fill(List.of(segment(1, 0, 3, true, false), segment(2, 0, 3, true, false)));
        assertTrue(buffer.gameOver(2));
        byte[] after = buffer.stateAfter(2);
        for (int k = 0; k < H; k++) {
            assertEquals(1, after[2 * k], "frame " + k + " of the state after a game over");
        }
    }

    @Test
    void anEpisodeCutByTheWindowIsUsableOnlyOnceItsHistoryIsStored() {
        // Episode 1 entered the window at step 10: steps 10..12 lack frames before the window.
        ReplayBuffer buffer = fill(List.of(segment(1, 10, 20, true, false), segment(2, 0, 4, false, false)));
        for (int i = 0; i < H - 1; i++) {
            assertFalse(buffer.isValid(i), "index " + i);
        }
        assertTrue(buffer.isValid(H - 1));
        assertArrayEquals(new byte[] {1, 10, 1, 11, 1, 12, 1, 13}, buffer.stateBefore(H - 1));
        assertTrue(buffer.isValid(10), "a new episode in the same buffer starts valid");
    }

    @Test
    void samplingIsUniformOverValidIndicesOnly() {
        ReplayBuffer buffer = fill(List.of(segment(1, 5, 15, true, false), segment(2, 0, 10, false, false)));
        SplittableRandom random = new SplittableRandom(1);
        int[] counts = new int[buffer.size()];
        for (int n = 0; n < 170_000; n++) {
            counts[buffer.sampleValidIndex(random)]++;
        }
        Set<Integer> valid = new HashSet<>(buffer.validIndices());
        assertEquals(17, valid.size()); // 20 stored, 3 lack history
        assertEquals(17, buffer.validCount());
        for (int i = 0; i < counts.length; i++) {
            if (valid.contains(i)) {
                assertEquals(10_000, counts[i], 600, "index " + i);
            } else {
                assertEquals(0, counts[i], "index " + i);
            }
        }
    }

    @Test
    void stepsOutOfOrderAreRejected() {
        ReplayBuffer buffer = new ReplayBuffer(10, 2, H);
        List<Transition> steps = segment(1, 0, 4, true, false);
        buffer.add(steps.get(0));
        assertThrows(IllegalArgumentException.class, () -> buffer.add(steps.get(2)));
    }

    @Test
    void aFullBufferRefusesMore() {
        ReplayBuffer buffer = new ReplayBuffer(3, 2, H);
        segment(1, 0, 3, true, false).forEach(buffer::add);
        assertThrows(IllegalStateException.class, () -> buffer.add(segment(2, 0, 1, true, false).get(0)));
    }

    @Test
    void rewardsActionsAndEndsAreKeptPerTransition() {
        ReplayBuffer buffer = fill(List.of(segment(1, 0, 4, true, false)));
        assertEquals(3f, buffer.reward(3));
        assertEquals(2, buffer.action(2));
        assertTrue(buffer.gameOver(3));
        assertFalse(buffer.gameOver(2));
    }

    @Test
    void withAHistoryOfOneFrameEveryStepOfAnEpisodeIsValidAndSeesTheNextFrame() {
        // MinAtar's DQN: one frame per state. Mid-episode steps were once invalid (so only game overs were
        // sampled and nothing was learned): validity must not depend on the history length.
        List<List<Transition>> segments = List.of(segment(1, 0, 5, true, false), segment(2, 0, 4, false, false));
        ReplayBuffer buffer = new ReplayBuffer(100, 2, 1);
        segments.forEach(segment -> segment.forEach(buffer::add));
        assertEquals(9, buffer.validCount());
        int i = 0;
        for (List<Transition> episode : segments) {
            EpisodeFrames reference = new EpisodeFrames(episode, 1);
            for (int t = 0; t < episode.size(); t++, i++) {
                assertArrayEquals(reference.stateBefore(t), buffer.stateBefore(i), "before " + i);
                if (!buffer.gameOver(i)) {
                    assertArrayEquals(reference.stateAfter(t), buffer.stateAfter(i), "after " + i);
                }
            }
        }
    }
}
