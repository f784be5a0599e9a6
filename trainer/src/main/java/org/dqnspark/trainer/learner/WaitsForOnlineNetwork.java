package org.dqnspark.trainer.learner;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A minibatch made ahead of the fit whose TD targets need the online network of its own update (Double DQN's
 * choice of the next actions): {@link AroundEachUpdate} labels it right before DL4J fits it.
 */
interface WaitsForOnlineNetwork {
    /** Writes the targets, the next actions chosen by {@code online} as it is now: once, before its update. */
    void label(MultiLayerNetwork online);
}
