package org.dqnspark.trainer.learner;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The engine of the learner's updates: it has each replay partition make its share of a fit's
 * minibatches ({@link Minibatches#stream}, next to the data) and fits the online network on them, one update
 * per minibatch, in partition order. The trainer's engine is {@link SparkFitter} (DL4J's Spark
 * module); a test can hand the learner a local one.
 */
public interface Fitter extends AutoCloseable {
    /** Valid states in each replay partition: minibatches are drawn uniformly over all of them. */
    List<Integer> validStates();

    /** Valid demonstration states (a person's play) in each replay partition, among {@link #validStates()}. */
    List<Integer> validDemonstrations();

    /**
     * Fits {@code online} in place on {@code minibatches}, labelled with the frozen {@code target} network's
     * TD targets (Double DQN's minibatches labelled by {@link AroundEachUpdate#before} right before each
     * update, with {@code online} as it is then). The learner
     * never changes a target network: a new copy is a new object.
     *
     * @return the loss DL4J reports for the fit (its last minibatch's), NaN or infinite if it diverged
     */
    double fit(MultiLayerNetwork online, MultiLayerNetwork target, Minibatches minibatches);

    /** Frees what the fitter holds on the cluster. */
    @Override
    default void close() {
    }
}
