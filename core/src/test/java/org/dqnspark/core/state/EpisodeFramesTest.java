package org.dqnspark.core.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dqnspark.core.store.Transition;
import org.junit.jupiter.api.Test;

class EpisodeFramesTest {
    /** A one-byte "frame" holding {@code value}. */
    private static byte[] f(int value) {
        return new byte[] {(byte) value};
    }

    /** Steps 0..n-1 of an episode whose observations are 10, 11, ..., 10 + n. */
    private static List<Transition> episode(int n) {
        List<Transition> steps = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            steps.add(new Transition("r", 0, 0, 1L, t, f(10 + t), t == n - 1 ? f(10 + n) : null, 0, 0, 0f,
                    t == n - 1, false, false, 0, 4 * (t + 1), 1f, Transition.SOURCE_RANDOM, Optional.empty()));
        }
        return steps;
    }

    @Test
    void theFirstStatesRepeatTheFirstFrame() {
        EpisodeFrames frames = new EpisodeFrames(episode(6), 4);
        assertArrayEquals(new byte[] {10, 10, 10, 10}, frames.stateBefore(0));
        assertArrayEquals(new byte[] {10, 10, 10, 11}, frames.stateAfter(0));
        assertArrayEquals(new byte[] {10, 10, 11, 12}, frames.stateBefore(2));
    }

    @Test
    void theLastStateAfterUsesTheStoredNextFrame() {
        EpisodeFrames frames = new EpisodeFrames(episode(6), 4);
        assertArrayEquals(new byte[] {12, 13, 14, 15}, frames.stateBefore(5));
        assertArrayEquals(new byte[] {13, 14, 15, 16}, frames.stateAfter(5));
    }

    @Test
    void theStateAfterAStepIsTheStateBeforeTheNext() {
        EpisodeFrames frames = new EpisodeFrames(episode(9), 4);
        for (int t = 0; t + 1 < frames.size(); t++) {
            assertArrayEquals(frames.stateAfter(t), frames.stateBefore(t + 1));
        }
    }

    @Test
    void aGapInTheStepsIsRejected() {
        List<Transition> steps = episode(5);
        steps.remove(2);
        assertThrows(IllegalArgumentException.class, () -> new EpisodeFrames(steps, 4));
    }

    @Test
    void aFrameHistoryAgreesWithTheRebuiltStates() {
        List<Transition> steps = episode(7);
        EpisodeFrames frames = new EpisodeFrames(steps, 4);
        FrameHistory history = new FrameHistory(4, 1);
        history.reset(steps.get(0).frame());
        for (int t = 0; t < steps.size(); t++) {
            assertArrayEquals(frames.stateBefore(t), history.stacked());
            history.push(frames.observation(t + 1));
            assertArrayEquals(frames.stateAfter(t), history.stacked());
        }
    }
}
