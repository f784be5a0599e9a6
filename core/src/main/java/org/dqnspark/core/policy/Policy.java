package org.dqnspark.core.policy;

import org.dqnspark.core.state.FrameHistory;

/**
 * What chooses the agent's greedy action from its state; exploration (epsilon) is applied around it by
 * the actor. A policy is built once per actor (Spark task) and used for every step.
 */
public interface Policy extends AutoCloseable {
    /** The action to take in {@code state} when not exploring. */
    int greedyAction(FrameHistory state);

    /** Which policy this is: what each transition records as its source and snapshot. */
    PlayingPolicy playing();

    @Override
    default void close() {
    }
}
