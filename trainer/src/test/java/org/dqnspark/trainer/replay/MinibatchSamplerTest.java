package org.dqnspark.trainer.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.dqnspark.core.env.FrameShape;
import org.dqnspark.core.learning.Minibatch;
import org.dqnspark.core.network.StateShape;
import org.dqnspark.core.store.Transition;
import org.junit.jupiter.api.Test;

class MinibatchSamplerTest {
    /** Frames of one 1 x 2 plane: (episode, observation index), so states say where they come from. */
    private static final StateShape SHAPE = new StateShape(new FrameShape(1, 1, 2), 2);

    /** Two episodes of 6 steps; step 2 of each loses a life, step 5 ends the first and cuts the second. */
    private static ReplayBuffer buffer() {
        ReplayBuffer buffer = new ReplayBuffer(12, 2, SHAPE.historyLength());
        for (int e = 1; e <= 2; e++) {
            for (int t = 0; t < 6; t++) {
                boolean last = t == 5;
                buffer.add(new Transition("r", 0, 0, e, t, new byte[] {(byte) e, (byte) t},
                        last ? new byte[] {(byte) e, (byte) (t + 1)} : null, t % 3, 0, 10 * e + t,
                        last && e == 1, t == 2, last && e == 2, 0, 0, 1f, Transition.SOURCE_RANDOM, Optional.empty()));
            }
        }
        return buffer;
    }

    @Test
    void aMinibatchHoldsUniformlyDrawnTransitionsWithTheirStatesBeforeAndAfter() {
        ReplayBuffer buffer = buffer();
        Minibatch batch = new MinibatchSampler(buffer, SHAPE, CNN2DFormat.NCHW, false, 5).next(40);
        SplittableRandom same = new SplittableRandom(5);
        for (int j = 0; j < 40; j++) {
            int i = buffer.sampleValidIndex(same);
            assertEquals(buffer.action(i), batch.actions()[j]);
            assertEquals(buffer.reward(i), batch.rewards()[j]);
            // Only a game over is terminal here: not the lost life, not the cut episode.
            assertEquals(buffer.gameOver(i), batch.terminal()[j], "index " + i);
            assertArrayEquals(scaled(buffer.stateBefore(i)), batch.states().slice(j).ravel().toFloatVector());
            assertArrayEquals(scaled(buffer.stateAfter(i)), batch.nextStates().slice(j).ravel().toFloatVector());
        }
    }

    @Test
    void withLifeLossTerminalALostLifeEndsTheBootstrapToo() {
        ReplayBuffer buffer = buffer();
        Minibatch batch = new MinibatchSampler(buffer, SHAPE, CNN2DFormat.NCHW, true, 5).next(40);
        SplittableRandom same = new SplittableRandom(5);
        for (int j = 0; j < 40; j++) {
            int i = buffer.sampleValidIndex(same);
            assertEquals(buffer.gameOver(i) || buffer.lifeLost(i), batch.terminal()[j], "index " + i);
        }
    }

    private static float[] scaled(byte[] state) {
        float[] out = new float[state.length];
        for (int i = 0; i < state.length; i++) {
            out[i] = (state[i] & 0xff) * (1f / 255f);
        }
        return out;
    }
}
