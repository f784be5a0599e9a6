package org.dqnspark.core.learning;

import java.io.Serializable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What DL4J fits for one Deep Q-learning from Demonstrations minibatch ({@link DemonstrationLoss}): the states
 * as features and, per row, the taken action, its 1-step and n-step targets from the frozen target network
 * ({@link TdTargets}, the rule for both: Hester et al. use Double DQN's) and whether it is a demonstration.
 */
public final class DemonstrationLabels implements Serializable {
    private static final long serialVersionUID = 1L;

    private final TdTargets.Rule rule;
    private final float gamma;
    private final float rewardClip;

    public DemonstrationLabels(TdTargets.Rule rule, float gamma, float rewardClip) {
        this.rule = rule;
        this.gamma = gamma;
        this.rewardClip = rewardClip;
    }

    /** Whether the online network is needed too: under Double DQN it chooses the bootstrap actions. */
    public boolean needsOnline() {
        return rule == TdTargets.Rule.DOUBLE_DQN;
    }

    /** The DataSet of {@code batch}; {@code online} may be null unless {@link #needsOnline()}. */
    public DataSet of(DemonstrationMinibatch batch, MultiLayerNetwork target, MultiLayerNetwork online) {
        DataSet out = unlabelled(batch);
        label(out, batch, TdLabels.values(target, batch.oneStep().nextStates()), TdLabels.values(target, batch.nStepStates()),
                needsOnline() ? TdLabels.values(online, batch.oneStep().nextStates()) : null,
                needsOnline() ? TdLabels.values(online, batch.nStepStates()) : null);
        return out;
    }

    /** {@code batch}'s DataSet with its taken actions and demonstration flags, its targets still 0. */
    public static DataSet unlabelled(DemonstrationMinibatch batch) {
        int size = batch.size();
        float[] labels = new float[size * DemonstrationLoss.LABEL_COLUMNS];
        for (int j = 0; j < size; j++) {
            int row = j * DemonstrationLoss.LABEL_COLUMNS;
            labels[row + DemonstrationLoss.TAKEN] = batch.oneStep().actions()[j];
            labels[row + DemonstrationLoss.DEMONSTRATION] = batch.demonstration()[j] ? 1f : 0f;
        }
        return new DataSet(batch.oneStep().states(),
                Nd4j.create(labels, new long[] {size, DemonstrationLoss.LABEL_COLUMNS}, 'c'));
    }

    /**
     * Writes {@code batch}'s 1-step and n-step targets into {@code dataSet}'s labels from the values of its next
     * states and of its n-step states: the target network's, and under Double DQN the online network's, which
     * choose the actions (else null).
     */
    public void label(DataSet dataSet, DemonstrationMinibatch batch, float[] qTargetNext, float[] qTargetNStep,
                      float[] qOnlineNext, float[] qOnlineNStep) {
        Minibatch one = batch.oneStep();
        float[] oneStep = TdTargets.compute(rule, one.rewards(), one.terminal(), gamma, rewardClip, qTargetNext,
                qOnlineNext);
        float[] nStep = TdTargets.nStep(rule, batch.nStepRewards(), batch.nStepTerminal(), gamma, rewardClip,
                qTargetNStep, qOnlineNStep);
        for (int j = 0; j < batch.size(); j++) {
            dataSet.getLabels().putScalar(j, DemonstrationLoss.ONE_STEP_TARGET, oneStep[j]);
            dataSet.getLabels().putScalar(j, DemonstrationLoss.N_STEP_TARGET, nStep[j]);
        }
    }
}
