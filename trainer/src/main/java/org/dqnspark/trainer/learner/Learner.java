package org.dqnspark.trainer.learner;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.core.Seeds;
import org.dqnspark.core.learning.DemonstrationLabels;
import org.dqnspark.core.learning.TdLabels;
import org.dqnspark.core.learning.TdTargets;
import org.dqnspark.core.network.StateShape;
import org.dqnspark.trainer.TrainSettings;
import org.dqnspark.trainer.TrainingDiverged;

/**
 * The DQN learner (Mnih et al. 2015, Algorithm 1, its learning half): the online network Q with its
 * optimizer state (centered RMSProp's averages live in the network), the target network Q^, and the
 * count of updates. Each {@link #step} is one fit of up to {@code dqn.train.updates-per-fit} updates on
 * minibatches drawn uniformly from the replay window and labelled with Q^'s TD targets; the {@link Fitter}
 * it is handed runs them. With {@code dqn.demonstrations.enabled} it is Hester et al.'s DQfD learner (2018): a
 * set share of each minibatch is a person's play, labelled for DQfD's loss (1-step and n-step TD, and a
 * large-margin loss on the demonstrations). Where the replay data and the snapshots are stored is the train job's business.
 */
public final class Learner {
    private final MultiLayerNetwork online;
    private MultiLayerNetwork target;
    private long updates;
    private long targetCopiedAt;
    private final TrainSettings settings;
    private final StateShape shape;
    private final TdLabels labels;
    /** DQfD's labels when demonstrations are on, else null. */
    private final DemonstrationLabels demonstrationLabels;
    private final Fitter fitter;

    /** What one step did: {@code updates} parameter updates, whose fit reported {@code loss}. */
    public record Step(int updates, double loss) {
    }

    /**
     * @param online         Q, with its optimizer state
     * @param target         Q^, not the same object as {@code online}
     * @param updates        parameter updates done so far (0 for a new network)
     * @param targetCopiedAt the update count at which {@code target} was copied from Q
     * @param shape          the states' shape
     */
    public Learner(MultiLayerNetwork online, MultiLayerNetwork target, long updates, long targetCopiedAt,
                   TrainSettings settings, StateShape shape, Fitter fitter) {
        this.online = online;
        this.target = target;
        this.updates = updates;
        this.targetCopiedAt = targetCopiedAt;
        this.settings = settings;
        this.shape = shape;
        // Nature's targets, or van Hasselt et al.'s Double DQN targets (2016).
        TdTargets.Rule rule = settings.doubleDqn() ? TdTargets.Rule.DOUBLE_DQN : TdTargets.Rule.NATURE_DQN;
        this.labels = new TdLabels(rule, (float) settings.discount(), (float) settings.rewardClip());
        // Hester et al.'s DQfD (2018): demonstrations in replay, 1-step and n-step TD and a large-margin loss.
        this.demonstrationLabels = settings.demonstrations().enabled()
                ? new DemonstrationLabels(rule, (float) settings.discount(), (float) settings.rewardClip()) : null;
        this.fitter = fitter;
    }

    /**
     * One fit of at most {@code atMostUpdates} updates, and at most {@code dqn.train.updates-per-fit}. It
     * first copies Q into Q^ when a target period starts, and stops where the next one starts, so a fit never
     * crosses a copy. Nature: "every C updates we clone the network Q to obtain a target network Q^ and use
     * Q^ for generating the Q-learning targets y_j for the following C updates to Q", C (the target network
     * update frequency, {@code dqn.train.target-update-period}) "measured in the number of parameter updates".
     *
     * @throws TrainingDiverged when the loss is not finite; the update count stays as it was
     */
    public Step step(long atMostUpdates) {
        if (atMostUpdates < 1) {
            throw new IllegalArgumentException("a step does at least one update, asked for " + atMostUpdates);
        }
        long period = settings.targetUpdatePeriod();
        if (updates % period == 0 && targetCopiedAt != updates) {
            target = online.clone();
            targetCopiedAt = updates;
        }
        long untilCopy = period - updates % period;
        int fitUpdates = (int) Math.min(Math.min(settings.updatesPerFit(), atMostUpdates), untilCopy);
        // Each fit draws from the seed and the update count it starts at, whatever job runs it.
        long seed = Seeds.derive(settings.seed(), updates);
        Minibatches minibatches = demonstrationLabels == null
                ? Minibatches.draw(fitUpdates, fitter.validStates(), seed, settings, shape, labels)
                : Minibatches.drawWithDemonstrations(fitUpdates, fitter.validStates(), fitter.validDemonstrations(),
                        settings.demonstrations().share(), seed, settings, shape, demonstrationLabels);
        double loss = fitter.fit(online, target, minibatches);
        if (!Double.isFinite(loss)) {
            throw new TrainingDiverged(updates + fitUpdates, loss);
        }
        updates += fitUpdates;
        return new Step(fitUpdates, loss);
    }

    /** Q, fitted in place by every step. */
    public MultiLayerNetwork online() {
        return online;
    }

    /** Q^, a new object after every copy. */
    public MultiLayerNetwork target() {
        return target;
    }

    /** Parameter updates done in all. */
    public long updates() {
        return updates;
    }

    /** The update count at which Q^ was last copied from Q. */
    public long targetCopiedAt() {
        return targetCopiedAt;
    }
}
