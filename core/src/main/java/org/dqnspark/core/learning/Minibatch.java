package org.dqnspark.core.learning;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One minibatch of transitions (phi_j, a_j, r_j, phi_j+1) as Nature's Algorithm 1 samples them from the
 * replay memory (Mnih et al. 2015), with whether step j ended the bootstrap, ready for the networks.
 *
 * @param states     s_j, B states as the networks take them (see {@code StateInput})
 * @param actions    a_j, the action taken in each state, length B
 * @param rewards    r_j, raw (clipped by {@link TdTargets}), length B
 * @param terminal   whether step j was terminal (y_j = r_j, no bootstrap), length B
 * @param nextStates s_j+1, like {@code states}; only forwarded (a sampler may reuse its memory for the next
 *                   minibatch)
 */
public record Minibatch(INDArray states, int[] actions, float[] rewards, boolean[] terminal, INDArray nextStates) {
    public int size() {
        return actions.length;
    }
}
