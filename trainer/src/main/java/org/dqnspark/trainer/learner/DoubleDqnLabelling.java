package org.dqnspark.trainer.learner;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Labels each minibatch that {@link WaitsForOnlineNetwork} ({@link DoubleDqnMinibatch},
 * {@link DoubleDqnDemonstrationMinibatch}) with the network DL4J's Spark worker is about to update with it, right
 * before that update: so Double DQN's next actions come from the online network of the same update, though the
 * minibatch was sampled and valued by the target network ahead of the fit. Other minibatches pass untouched.
 */
final class DoubleDqnLabelling implements TrainingHook {
    private static final long serialVersionUID = 1L;

    /** Labels {@code minibatch} if it waits for the online network, which {@code model} is. */
    static void beforeUpdate(DataSet minibatch, Model model) {
        if (minibatch instanceof WaitsForOnlineNetwork waiting) {
            waiting.label((MultiLayerNetwork) model);
        }
    }

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
        beforeUpdate(minibatch, model);
    }

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
    }

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
    }

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {
    }
}
