package org.dqnspark.core.learning;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What DL4J fits for one DQN minibatch. Nature's Algorithm 1 (Mnih et al. 2015) sets
 * "y_j = r_j + gamma max_a' Q^(phi_j+1, a'; theta^-)" from the target network and performs "a gradient
 * descent step on (y_j - Q(phi_j, a_j; theta))^2": the loss is at the taken action only. So the features
 * are the states, the label of the taken action is y_j ({@link TdTargets}: the rule, reward clipping,
 * terminal steps), and a label mask that is 1 there and 0 elsewhere keeps the other actions' outputs out
 * of the loss ({@link ClippedTdLoss}). The trainer's learner and {@code DqnUpdate} both label here.
 */
public final class TdLabels implements Serializable {
    private static final long serialVersionUID = 1L;

    private final TdTargets.Rule rule;
    private final float gamma;
    private final float rewardClip;

    /** Nature's reward clip of 1. */
    public TdLabels(TdTargets.Rule rule, float gamma) {
        this(rule, gamma, TdTargets.NATURE_REWARD_CLIP);
    }

    /**
     * @param rule       how the next state is valued: Nature DQN, or Double DQN (van Hasselt et al. 2016)
     * @param gamma      the discount
     * @param rewardClip rewards are clipped to [-rewardClip, rewardClip] in the targets
     */
    public TdLabels(TdTargets.Rule rule, float gamma, float rewardClip) {
        this.rule = rule;
        this.gamma = gamma;
        this.rewardClip = rewardClip;
    }

    /** Whether the online network is needed too: under Double DQN it chooses the next action. */
    public boolean needsOnline() {
        return rule == TdTargets.Rule.DOUBLE_DQN;
    }

    /**
     * The DataSet of {@code batch}: the target network values the next states (the online network chooses
     * their action under Double DQN; else it may be null).
     */
    public DataSet of(Minibatch batch, MultiLayerNetwork target, MultiLayerNetwork online) {
        return of(new MinibatchGroup(List.of(batch), batch.nextStates()), target, online).get(0);
    }

    /**
     * The DataSets of {@code group}, in order, as {@link #of(Minibatch, MultiLayerNetwork, MultiLayerNetwork)} makes
     * each, with one forward pass of each network over all the group's next states.
     */
    public List<DataSet> of(MinibatchGroup group, MultiLayerNetwork target, MultiLayerNetwork online) {
        List<float[]> qTargetNext = valuesPerMinibatch(target, group);
        List<float[]> qOnlineNext = needsOnline() ? valuesPerMinibatch(online, group) : null;
        List<DataSet> out = new ArrayList<>(group.minibatches().size());
        for (int m = 0; m < group.minibatches().size(); m++) {
            Minibatch batch = group.minibatches().get(m);
            float[] y = targets(batch, qTargetNext.get(m), qOnlineNext == null ? null : qOnlineNext.get(m));
            out.add(dataSet(batch.states(), batch.actions(), y, qTargetNext.get(m).length / batch.size()));
        }
        return out;
    }

    /** {@code network}'s values of {@code states}, row by row (one row of action values per state). */
    public static float[] values(MultiLayerNetwork network, INDArray states) {
        return network.output(states, false).data().asFloat();
    }

    /**
     * {@code network}'s values of the group's next states from one forward pass over all of them, split into each
     * minibatch's rows, in order.
     */
    public static List<float[]> valuesPerMinibatch(MultiLayerNetwork network, MinibatchGroup group) {
        float[] all = values(network, group.nextStates());
        int actions = (int) (all.length / group.nextStates().size(0));
        List<float[]> out = new ArrayList<>(group.minibatches().size());
        int from = 0;
        for (Minibatch batch : group.minibatches()) {
            int to = from + batch.size() * actions;
            out.add(Arrays.copyOfRange(all, from, to));
            from = to;
        }
        return out;
    }

    /**
     * y_j of {@code batch} from its next states' values, row by row: the target network's ({@code qTargetNext}),
     * and under Double DQN the online network's, which choose the action ({@code qOnlineNext}, else null).
     */
    public float[] targets(Minibatch batch, float[] qTargetNext, float[] qOnlineNext) {
        return TdTargets.compute(rule, batch.rewards(), batch.terminal(), gamma, rewardClip, qTargetNext, qOnlineNext);
    }

    /** The states as features, y_j as the label of the taken action, and the mask that is 1 there alone. */
    public static DataSet dataSet(INDArray states, int[] taken, float[] y, int actions) {
        int batch = taken.length;
        float[] labels = new float[batch * actions];
        float[] mask = new float[batch * actions];
        for (int j = 0; j < batch; j++) {
            labels[j * actions + taken[j]] = y[j];
            mask[j * actions + taken[j]] = 1f;
        }
        return new DataSet(states, Nd4j.create(labels, new long[] {batch, actions}, 'c'), null,
                Nd4j.create(mask, new long[] {batch, actions}, 'c'));
    }
}
