package org.dqnspark.trainer.learner;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.core.learning.Minibatch;
import org.dqnspark.core.learning.MinibatchGroup;
import org.dqnspark.core.learning.TdLabels;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A Double DQN minibatch whose TD targets wait for the online network of its own update (van Hasselt et al.
 * 2016: "the online network ... evaluate[s] the greedy policy", y = r + gamma Q^(s', argmax_a Q(s', a))): it is
 * sampled and its next states valued by the target network ahead of the fit, off the update's critical path,
 * and just before DL4J fits it, {@link AroundEachUpdate} has the network being fitted choose the next actions
 * and writes the labels. Until then its labels are 0 with the taken actions' mask already set.
 */
final class DoubleDqnMinibatch extends MadeMinibatch implements WaitsForOnlineNetwork {
    private static final long serialVersionUID = 1L;

    private final transient Minibatch batch;
    private final transient float[] qTargetNext;
    private final transient TdLabels labels;
    private transient boolean labelled;

    /** @param unlabelled the states, labels of 0 and the taken actions' mask */
    private DoubleDqnMinibatch(DataSet unlabelled, Minibatch batch, float[] qTargetNext, TdLabels labels) {
        super(unlabelled.getFeatures(), unlabelled.getLabels(), null, unlabelled.getLabelsMaskArray());
        this.batch = batch;
        this.qTargetNext = qTargetNext;
        this.labels = labels;
    }

    /**
     * The group's minibatches, their next states valued by {@code target} in one forward pass. The group's next
     * states must be an array of its own ({@code MinibatchSampler.next(count, size, true)}): they are valued again
     * by the online network when each is fitted.
     */
    static List<DataSet> of(MinibatchGroup group, MultiLayerNetwork target, TdLabels labels) {
        List<float[]> qTargetNext = TdLabels.valuesPerMinibatch(target, group);
        List<DataSet> out = new ArrayList<>(group.minibatches().size());
        for (int m = 0; m < group.minibatches().size(); m++) {
            Minibatch batch = group.minibatches().get(m);
            DataSet unlabelled = TdLabels.dataSet(batch.states(), batch.actions(), new float[batch.size()],
                    qTargetNext.get(m).length / batch.size());
            out.add(new DoubleDqnMinibatch(unlabelled, batch, qTargetNext.get(m), labels));
        }
        return out;
    }

    @Override
    public void label(MultiLayerNetwork online) {
        if (labelled) {
            throw new IllegalStateException("a Double DQN minibatch is labelled once, by the network it updates");
        }
        float[] y = labels.targets(batch, qTargetNext, TdLabels.values(online, batch.nextStates()));
        int[] taken = batch.actions();
        for (int j = 0; j < taken.length; j++) {
            getLabels().putScalar(j, taken[j], y[j]);
        }
        labelled = true;
    }
}
