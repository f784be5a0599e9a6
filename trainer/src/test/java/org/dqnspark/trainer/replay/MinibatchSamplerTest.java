package org.dqnspark.trainer.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.dqnspark.core.env.FrameShape;
import org.dqnspark.core.learning.DemonstrationMinibatch;
import org.dqnspark.core.learning.Minibatch;
import org.dqnspark.core.learning.MinibatchGroup;
import org.dqnspark.core.network.StateShape;
import org.dqnspark.core.store.Transition;
import org.junit.jupiter.api.Test;

class MinibatchSamplerTest {
    /** Frames of one 1 x 2 plane: (episode, observation index), so states say where they come from. */
    private static final StateShape SHAPE = new StateShape(new FrameShape(1, 1, 2), 2);

    /** Two episodes of 6 steps; step 2 of each loses a life, step 5 ends the first and cuts the second. */
    private static ReplayBuffer buffer() {
        return buffer(Transition.SOURCE_RANDOM);
    }

    /** {@link #buffer()} with the first episode's transitions from {@code firstSource}. */
    private static ReplayBuffer buffer(String firstSource) {
        ReplayBuffer buffer = new ReplayBuffer(12, 2, SHAPE.historyLength());
        for (int e = 1; e <= 2; e++) {
            for (int t = 0; t < 6; t++) {
                boolean last = t == 5;
                buffer.add(new Transition("r", 0, 0, e, t, new byte[] {(byte) e, (byte) t},
                        last ? new byte[] {(byte) e, (byte) (t + 1)} : null, t % 3, 0, 10 * e + t,
                        last && e == 1, t == 2, last && e == 2, 0, 0, 1f, e == 1 ? firstSource : Transition.SOURCE_RANDOM,
                        Optional.empty()));
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
    void aGroupDrawsTheMinibatchesThatDrawingThemOneByOneDoesWithTheirNextStatesInOneArray() {
        ReplayBuffer buffer = buffer();
        MinibatchGroup group = new MinibatchSampler(buffer, SHAPE, CNN2DFormat.NCHW, false, 5).next(3, 7);
        MinibatchSampler oneByOne = new MinibatchSampler(buffer, SHAPE, CNN2DFormat.NCHW, false, 5);
        assertEquals(3, group.minibatches().size());
        assertArrayEquals(new long[] {21, 2, 1, 2}, group.nextStates().shape());
        for (int m = 0; m < 3; m++) {
            Minibatch expected = oneByOne.next(7);
            Minibatch actual = group.minibatches().get(m);
            assertArrayEquals(expected.actions(), actual.actions());
            assertArrayEquals(expected.rewards(), actual.rewards());
            assertArrayEquals(expected.terminal(), actual.terminal());
            assertEquals(expected.states(), actual.states());
            assertEquals(expected.nextStates(), actual.nextStates());
            for (int j = 0; j < 7; j++) {
                assertEquals(expected.nextStates().slice(j), group.nextStates().slice(m * 7 + j), "row " + (m * 7 + j));
            }
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

    @Test
    void demonstrationsMakeUpTheirShareOfTheTransitionsAndComeOnlyFromAPersonsPlay() {
        ReplayBuffer buffer = buffer(Transition.SOURCE_HUMAN);
        MinibatchSampler sampler = new MinibatchSampler(buffer, SHAPE, CNN2DFormat.NCHW, false, 5);
        int demonstrations = 0;
        int drawn = 0;
        for (int k = 0; k < 100; k++) {
            DemonstrationMinibatch batch = sampler.nextWithDemonstrations(32, 0.25, 3);
            for (int j = 0; j < batch.size(); j++) {
                // The first episode (the person's) is the one whose frames start with 1.
                boolean fromFirstEpisode = batch.oneStep().states().getFloat(j, 1, 0, 0) == 1f / 255f;
                assertEquals(batch.demonstration()[j], fromFirstEpisode, "transition " + j);
                demonstrations += batch.demonstration()[j] ? 1 : 0;
                drawn++;
            }
        }
        assertEquals(0.25, (double) demonstrations / drawn, 0.03);
        DemonstrationMinibatch only = sampler.nextWithDemonstrations(32, 1.0, 3);
        for (boolean demonstration : only.demonstration()) {
            assertTrue(demonstration);
        }
        assertEquals(6, buffer.validCount(true));
        assertEquals(6, buffer.validCount(false));
    }

    @Test
    void nStepReturnsFollowTheEpisodeAndStopWhereItsBootstrapEnds() {
        ReplayBuffer buffer = buffer(Transition.SOURCE_HUMAN);
        for (boolean lifeLossTerminal : new boolean[] {false, true}) {
            DemonstrationMinibatch batch = new MinibatchSampler(buffer, SHAPE, CNN2DFormat.NCHW, lifeLossTerminal, 9)
                    .nextWithDemonstrations(64, 0.5, 3);
            for (int j = 0; j < batch.size(); j++) {
                int episode = Math.round(batch.oneStep().states().getFloat(j, 1, 0, 0) * 255f);
                int t = Math.round(batch.oneStep().states().getFloat(j, 1, 0, 1) * 255f);
                int i = (episode - 1) * 6 + t;
                // Up to 3 steps; the game over ends episode 1 at t = 5; a lost life (t = 2) only when terminal;
                // the cut (truncated) episode 2 bootstraps from its stored next frame after t = 5.
                int end = Math.min(t + 2, 5);
                if (lifeLossTerminal && t <= 2) {
                    end = Math.min(end, 2);
                }
                float[] rewards = new float[end - t + 1];
                for (int k = t; k <= end; k++) {
                    rewards[k - t] = 10 * episode + k;
                }
                assertArrayEquals(rewards, batch.nStepRewards()[j], "episode " + episode + " step " + t);
                assertEquals(buffer.gameOver(i - t + end) || (lifeLossTerminal && end == 2), batch.nStepTerminal()[j]);
                assertArrayEquals(scaled(buffer.stateAfter(i - t + end)),
                        batch.nStepStates().slice(j).ravel().toFloatVector(), "episode " + episode + " step " + t);
            }
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
