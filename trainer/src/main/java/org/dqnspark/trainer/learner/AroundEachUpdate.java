package org.dqnspark.trainer.learner;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * What DL4J's Spark worker does around the update of each minibatch made ahead of the fit. Right before it, a
 * minibatch that {@link WaitsForOnlineNetwork} ({@link DoubleDqnMinibatch}, {@link DoubleDqnDemonstrationMinibatch})
 * is labelled with the network about to be updated with it: so Double DQN's next actions come from the online
 * network of the same update, though the minibatch was sampled and valued by the target network ahead of the fit.
 * Right after it, a {@link MadeMinibatch} gives its states back to the sampler that made them: DL4J's
 * MultiLayerNetwork reads a minibatch's features only inside its fit (and clears its layers' inputs at the end),
 * so they may be overwritten after it. Other minibatches pass untouched.
 */
final class AroundEachUpdate implements TrainingHook {
    private static final long serialVersionUID = 1L;

    /** Labels {@code minibatch} if it waits for the online network, which {@code model} is. */
    static void before(DataSet minibatch, Model model) {
        if (minibatch instanceof WaitsForOnlineNetwork waiting) {
            waiting.label((MultiLayerNetwork) model);
        }
    }

    /** Gives {@code minibatch}'s states back if it was made ahead. */
    static void after(DataSet minibatch) {
        if (minibatch instanceof MadeMinibatch made) {
            made.fitted();
        }
    }

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
        before(minibatch, model);
    }

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
        after(minibatch);
    }

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
    }

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {
    }
}
