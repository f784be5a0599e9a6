package org.dqnspark.core.network;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.core.learning.Minibatch;
import org.dqnspark.core.learning.TdLabels;
import org.dqnspark.core.learning.TdTargets;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One Nature-DQN update on a ready minibatch (Mnih et al. 2015, Algorithm 1): the target network's
 * forward pass on the next states gives y, then one {@code fit} of the online network on the clipped TD
 * error at the taken actions. The trainer labels its minibatches with the same {@link TdLabels} and fits
 * them through DL4J's Spark module; this is the update alone, for benchmarks and tests that time or check
 * the compute.
 */
public final class DqnUpdate {
    private DqnUpdate() {
    }

    /**
     * @param states     [B, history, 84, 84], see {@link StateInput}
     * @param actions    the taken action of each state, length B
     * @param rewards    raw rewards (clipped by {@link TdTargets}), length B
     * @param terminal   whether each step ended the game, length B
     * @param nextStates the states after, like {@code states}
     * @return the loss DL4J reports for the fit
     */
    public static double apply(MultiLayerNetwork online, MultiLayerNetwork target, INDArray states, int[] actions,
            float[] rewards, boolean[] terminal, INDArray nextStates, float discount) {
        Minibatch batch = new Minibatch(states, actions, rewards, terminal, nextStates);
        online.fit(new TdLabels(TdTargets.Rule.NATURE_DQN, discount).of(batch, target, null));
        return online.score();
    }
}
