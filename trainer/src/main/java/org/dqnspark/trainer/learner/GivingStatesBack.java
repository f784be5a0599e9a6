package org.dqnspark.trainer.learner;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Gives each {@link MadeMinibatch}'s states back to the sampler that made them once DL4J's Spark worker has fitted
 * it. DL4J's MultiLayerNetwork reads a minibatch's features only inside its fit (and clears its layers' inputs at
 * the end), so they may be overwritten after it.
 */
final class GivingStatesBack implements TrainingHook {
    private static final long serialVersionUID = 1L;

    /** What the hook does after {@code minibatch}'s update. */
    static void afterUpdate(DataSet minibatch) {
        if (minibatch instanceof MadeMinibatch made) {
            made.fitted();
        }
    }

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
    }

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
        afterUpdate(minibatch);
    }

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
    }

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {
    }
}
