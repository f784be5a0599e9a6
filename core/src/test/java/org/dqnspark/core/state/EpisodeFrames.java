package org.dqnspark.core.state;

import java.util.List;
import org.dqnspark.core.store.Transition;

/**
 * Rebuilds the states before and after each stored step of one episode (or of the part of it one
 * collect job stored), from frames stored once per step.
 *
 * <p>Observation o_0 is step 0's frame; o_t is step t's frame; the observation after the last stored
 * step is that step's {@code nextFrame}. The state before step t is (o_{t-h+1}, ..., o_t) and the
 * state after it is (o_{t-h+2}, ..., o_{t+1}), for history length h; indices before 0 repeat o_0.
 */
public final class EpisodeFrames {
    private final List<Transition> steps;
    private final int historyLength;

    /**
     * @param steps the episode's steps in order, {@code step} = 0, 1, ...
     * @throws IllegalArgumentException if the steps are not contiguous from 0 or the last lacks its next frame
     */
    public EpisodeFrames(List<Transition> steps, int historyLength) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).episodeStep() != i) {
                throw new IllegalArgumentException("episode " + steps.get(0).episodeId() + ": expected step " + i
                        + ", found " + steps.get(i).episodeStep());
            }
        }
        if (steps.isEmpty() || steps.get(steps.size() - 1).nextFrame() == null) {
            throw new IllegalArgumentException("the last stored step of an episode must carry next_frame");
        }
        this.steps = steps;
        this.historyLength = historyLength;
    }

    public int size() {
        return steps.size();
    }

    /** Observation o_i, for 0 <= i <= size(); negative i gives o_0. */
    public byte[] observation(int i) {
        if (i <= 0) {
            return steps.get(0).frame();
        }
        return i == steps.size() ? steps.get(i - 1).nextFrame() : steps.get(i).frame();
    }

    /** The state the action of step t was chosen on, frames oldest first, concatenated. */
    public byte[] stateBefore(int t) {
        return stack(t);
    }

    /** The state after step t. */
    public byte[] stateAfter(int t) {
        return stack(t + 1);
    }

    private byte[] stack(int newest) {
        int bytes = steps.get(0).frame().length;
        byte[] out = new byte[historyLength * bytes];
        for (int k = 0; k < historyLength; k++) {
            System.arraycopy(observation(newest - historyLength + 1 + k), 0, out, k * bytes, bytes);
        }
        return out;
    }
}
