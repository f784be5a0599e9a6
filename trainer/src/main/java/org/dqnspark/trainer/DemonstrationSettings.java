package org.dqnspark.trainer;

import java.io.Serializable;
import org.dqnspark.core.UserError;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.learning.DemonstrationLoss;

/**
 * Deep Q-learning from Demonstrations (Hester et al. 2018), keys under {@code dqn.demonstrations}: see
 * {@code conf/reference.conf} for each, with the paper's values.
 *
 * @param enabled          DQfD's replay and loss instead of DQN's
 * @param share            the demonstrations' share of each minibatch (1 while pre-training)
 * @param pretrainUpdates  updates of {@code dqn train --pretrain}
 * @param nStep            n of the n-step return, in agent steps
 * @param margin           the large-margin loss's margin
 * @param nStepWeight      lambda_1
 * @param supervisedWeight lambda_2
 * @param tdWeight         the TD terms' weight (0: behaviour cloning)
 * @param l2               lambda_3
 * @param agreementStates  demonstration states for the training table's agreement
 */
public record DemonstrationSettings(boolean enabled, double share, long pretrainUpdates, int nStep, double margin,
                                    double nStepWeight, double supervisedWeight, double tdWeight, double l2,
                                    int agreementStates) implements Serializable {

    public static DemonstrationSettings from(Settings s) {
        return new DemonstrationSettings(s.getBoolean("dqn.demonstrations.enabled"),
                s.fraction("dqn.demonstrations.share"),
                s.positiveInt("dqn.demonstrations.pretrain-updates"),
                s.positiveInt("dqn.demonstrations.n-step"),
                nonNegative(s, "dqn.demonstrations.margin"),
                nonNegative(s, "dqn.demonstrations.n-step-weight"),
                nonNegative(s, "dqn.demonstrations.supervised-weight"),
                nonNegative(s, "dqn.demonstrations.td-weight"),
                nonNegative(s, "dqn.demonstrations.l2"),
                s.positiveInt("dqn.demonstrations.agreement-states"));
    }

    private static double nonNegative(Settings s, String key) {
        double value = s.getDouble(key);
        if (!(value >= 0)) {
            throw new UserError("Setting '" + key + "' must be zero or more, got " + value + ".");
        }
        return value;
    }

    /** The same on, sampling demonstrations only: the pre-training phase. */
    public DemonstrationSettings pretraining() {
        return new DemonstrationSettings(true, 1.0, pretrainUpdates, nStep, margin, nStepWeight, supervisedWeight,
                tdWeight, l2, agreementStates);
    }

    /** The output layer's loss under these settings, its TD errors clipped to [-tdErrorClip, tdErrorClip]. */
    public DemonstrationLoss loss(double tdErrorClip) {
        return new DemonstrationLoss(tdErrorClip, tdWeight, nStepWeight, supervisedWeight, margin);
    }
}
