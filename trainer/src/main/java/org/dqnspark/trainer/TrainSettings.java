package org.dqnspark.trainer;

import java.io.Serializable;
import org.dqnspark.core.UserError;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.learning.ClippedTdLoss;
import org.dqnspark.core.learning.DemonstrationLoss;
import org.dqnspark.core.network.CenteredRmsProp;
import org.dqnspark.core.network.QNetworks;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * What the train job does (keys under {@code dqn.train}, {@code dqn.network} and {@code dqn.agent}).
 *
 * @param replaySize         newest transitions of the run in the replay window
 * @param replayFrames       how the window holds its frames: {@code compressed} or {@code raw}
 * @param batchSize          transitions per update
 * @param targetUpdatePeriod updates per round (the target network is frozen within a round)
 * @param discount           gamma
 * @param rewardClip         rewards are clipped to [-rewardClip, rewardClip] in the TD targets (Nature: 1)
 * @param tdErrorClip        the TD error is clipped to [-tdErrorClip, tdErrorClip] in the gradient (Nature: 1)
 * @param lifeLossTerminal   a lost life ends the bootstrap, as in Nature
 * @param doubleDqn          van Hasselt et al. 2016 targets
 * @param learningRate       centered RMSProp learning rate
 * @param gradientMomentum   centered RMSProp gradient momentum
 * @param squaredGradientMomentum centered RMSProp squared-gradient momentum
 * @param minSquaredGradient centered RMSProp constant under the square root
 * @param updatesPerEpoch    updates between snapshots
 * @param updatesPerFit      updates per call of DL4J's Spark fit
 * @param heldOutStates      states for the mean max-Q statistic
 * @param historyLength      frames per state
 * @param architecture       the network: {@code nature} or {@code minatar}
 * @param sumGradients       sum the minibatch's gradients (DeepMind) rather than average them
 * @param networkSeed        weight initialisation seed
 * @param seed               sampling seed
 * @param demonstrations     Deep Q-learning from Demonstrations' settings ({@code dqn.demonstrations})
 */
public record TrainSettings(int replaySize, String replayFrames, int batchSize, int targetUpdatePeriod, double discount,
                            double rewardClip, double tdErrorClip,
                            boolean lifeLossTerminal, boolean doubleDqn, double learningRate,
                            double gradientMomentum, double squaredGradientMomentum, double minSquaredGradient,
                            int updatesPerEpoch, int updatesPerFit, int fitThreads, int heldOutStates, int historyLength,
                            String architecture, boolean sumGradients, long networkSeed, long seed,
                            DemonstrationSettings demonstrations)
        implements Serializable {

    public static TrainSettings from(Settings s) {
        TrainSettings settings = new TrainSettings(
                s.positiveInt("dqn.train.replay-size"),
                replayFrames(s),
                s.positiveInt("dqn.train.batch-size"),
                s.positiveInt("dqn.train.target-update-period"),
                s.fraction("dqn.train.discount"),
                positive(s, "dqn.train.reward-clip"),
                positive(s, "dqn.train.td-error-clip"),
                s.getBoolean("dqn.train.life-loss-terminal"),
                s.getBoolean("dqn.train.double-dqn"),
                positive(s, "dqn.train.learning-rate"),
                s.fraction("dqn.train.gradient-momentum"),
                s.fraction("dqn.train.squared-gradient-momentum"),
                positive(s, "dqn.train.min-squared-gradient"),
                s.positiveInt("dqn.train.updates-per-epoch"),
                s.positiveInt("dqn.train.updates-per-fit"),
                s.nonNegativeInt("dqn.train.fit-threads"),
                s.positiveInt("dqn.train.held-out-states"),
                s.positiveInt("dqn.agent.history-length"),
                QNetworks.checkedArchitecture(s.getString("dqn.network.architecture")),
                s.getBoolean("dqn.train.sum-gradients"),
                s.getLong("dqn.network.seed"),
                s.getLong("dqn.train.seed"),
                DemonstrationSettings.from(s));
        return settings;
    }

    private static String replayFrames(Settings s) {
        String form = s.getString("dqn.train.replay-frames");
        if (!form.equals("compressed") && !form.equals("raw")) {
            throw new UserError("Setting 'dqn.train.replay-frames' must be compressed or raw, got '" + form + "'.");
        }
        return form;
    }

    private static double positive(Settings s, String key) {
        double value = s.getDouble(key);
        if (!(value > 0)) {
            throw new UserError("Setting '" + key + "' must be positive, got " + value + ".");
        }
        return value;
    }

    /** The same with {@code demonstrations} instead. */
    public TrainSettings with(DemonstrationSettings demonstrations) {
        return new TrainSettings(replaySize, replayFrames, batchSize, targetUpdatePeriod, discount, rewardClip,
                tdErrorClip, lifeLossTerminal, doubleDqn, learningRate, gradientMomentum, squaredGradientMomentum,
                minSquaredGradient, updatesPerEpoch, updatesPerFit, fitThreads, heldOutStates, historyLength, architecture,
                sumGradients, networkSeed, seed, demonstrations);
    }

    /**
     * The output layer's loss: DQN's clipped TD error ({@link ClippedTdLoss}), or DQfD's loss when
     * demonstrations are on ({@link DemonstrationLoss}).
     */
    public ILossFunction loss() {
        return demonstrations.enabled() ? demonstrations.loss(tdErrorClip) : new ClippedTdLoss(tdErrorClip);
    }

    /** L2 regularisation of the layers' weights: DQfD's lambda_3, none for DQN. */
    public double l2() {
        return demonstrations.enabled() ? demonstrations.l2() : 0;
    }

    public CenteredRmsProp optimizer() {
        return new CenteredRmsProp(learningRate, gradientMomentum, squaredGradientMomentum, minSquaredGradient);
    }
}
