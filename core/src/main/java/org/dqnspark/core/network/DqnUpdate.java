package org.dqnspark.core.network;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.core.learning.TdTargets;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One Nature-DQN update on a ready minibatch (Mnih et al. 2015, Algorithm 1): the target network's
 * forward pass on the next states gives y, then one {@code fit} of the online network on the clipped TD
 * error at the taken actions. The trainer does the same inside its sampler and DL4J's Spark fit; this is
 * the update alone, for benchmarks and tests that time or check the compute.
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
        int batch = actions.length;
        float[] qTargetNext = target.output(nextStates, false).data().asFloat();
        int actionCount = qTargetNext.length / batch;
        float[] y = TdTargets.natureDqn(rewards, terminal, discount, qTargetNext);
        float[] labels = new float[batch * actionCount];
        float[] mask = new float[batch * actionCount];
        for (int j = 0; j < batch; j++) {
            labels[j * actionCount + actions[j]] = y[j];
            mask[j * actionCount + actions[j]] = 1f;
        }
        online.fit(new DataSet(states, Nd4j.create(labels, new long[] {batch, actionCount}, 'c'), null,
                Nd4j.create(mask, new long[] {batch, actionCount}, 'c')));
        return online.score();
    }
}
