package org.dqnspark.core.learning;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A minibatch for Deep Q-learning from Demonstrations (Hester et al. 2018): the 1-step transitions, which of
 * them are demonstrations, and each one's n-step continuation in its episode.
 *
 * @param oneStep          the transitions (phi_j, a_j, r_j, phi_j+1), as DQN samples them
 * @param demonstration    whether transition j is a demonstration (a person's play), length B
 * @param nStepRewards     the raw rewards of steps j .. j + k_j - 1, k_j &lt;= n (fewer where the episode, or its
 *                         stored part, ends first)
 * @param nStepTerminal    whether step j + k_j - 1 ended the bootstrap
 * @param nStepStates      the states after step j + k_j - 1, like {@code oneStep.states()}; only forwarded
 */
public record DemonstrationMinibatch(Minibatch oneStep, boolean[] demonstration, float[][] nStepRewards,
                                     boolean[] nStepTerminal, INDArray nStepStates) {
    public int size() {
        return oneStep.size();
    }
}
