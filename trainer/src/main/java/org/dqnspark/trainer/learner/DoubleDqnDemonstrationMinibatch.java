package org.dqnspark.trainer.learner;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.core.learning.DemonstrationLabels;
import org.dqnspark.core.learning.DemonstrationMinibatch;
import org.dqnspark.core.learning.TdLabels;
import org.nd4j.linalg.dataset.DataSet;

/**
 * {@link DoubleDqnMinibatch} for Deep Q-learning from Demonstrations (Hester et al. 2018, whose 1-step and n-step
 * targets follow Double DQN): the target network values its next states and n-step states ahead of the fit, and
 * the online network of its own update chooses their actions right before it, through {@link AroundEachUpdate}.
 * Until then its targets are 0, its taken actions and demonstration flags already set.
 */
final class DoubleDqnDemonstrationMinibatch extends MadeMinibatch implements WaitsForOnlineNetwork {
    private static final long serialVersionUID = 1L;

    private final transient DemonstrationMinibatch batch;
    private final transient DemonstrationLabels labels;
    private final transient float[] qTargetNext;
    private final transient float[] qTargetNStep;
    private transient boolean labelled;

    private DoubleDqnDemonstrationMinibatch(DataSet unlabelled, DemonstrationMinibatch batch, DemonstrationLabels labels,
                                            float[] qTargetNext, float[] qTargetNStep) {
        super(unlabelled.getFeatures(), unlabelled.getLabels(), null, null);
        this.batch = batch;
        this.labels = labels;
        this.qTargetNext = qTargetNext;
        this.qTargetNStep = qTargetNStep;
    }

    /**
     * {@code batch}, its next states and n-step states valued by {@code target}; they must be arrays of their own
     * ({@code MinibatchSampler.nextWithDemonstrations(..., true)}), valued again when it is fitted.
     */
    static DataSet of(DemonstrationMinibatch batch, MultiLayerNetwork target, DemonstrationLabels labels) {
        return new DoubleDqnDemonstrationMinibatch(DemonstrationLabels.unlabelled(batch), batch, labels,
                TdLabels.values(target, batch.oneStep().nextStates()), TdLabels.values(target, batch.nStepStates()));
    }

    @Override
    public void label(MultiLayerNetwork online) {
        if (labelled) {
            throw new IllegalStateException("a Double DQN minibatch is labelled once, by the network it updates");
        }
        labels.label(this, batch, qTargetNext, qTargetNStep,
                TdLabels.values(online, batch.oneStep().nextStates()), TdLabels.values(online, batch.nStepStates()));
        labelled = true;
    }
}
