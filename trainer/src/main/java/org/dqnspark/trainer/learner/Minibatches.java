package org.dqnspark.trainer.learner;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.core.Seeds;
import org.dqnspark.core.UserError;
import org.dqnspark.core.learning.TdLabels;
import org.dqnspark.core.network.StateInput;
import org.dqnspark.core.network.StateShape;
import org.dqnspark.trainer.TrainSettings;
import org.dqnspark.trainer.replay.MinibatchSampler;
import org.dqnspark.trainer.replay.ReplayBuffer;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The minibatches of one fit, as the learner sends them to the replay partitions: how many each
 * partition draws, from which seed, and how each becomes what DL4J fits. A fitter calls {@link #make}
 * next to every partition's buffer; the minibatches are fitted in partition order.
 */
public final class Minibatches implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int[] perPartition;
    private final long seed;
    private final TrainSettings settings;
    private final StateShape shape;
    private final TdLabels labels;

    private Minibatches(int[] perPartition, long seed, TrainSettings settings, StateShape shape, TdLabels labels) {
        this.perPartition = perPartition;
        this.seed = seed;
        this.settings = settings;
        this.shape = shape;
        this.labels = labels;
    }

    /**
     * {@code count} minibatches drawn uniformly over the valid states of all partitions: each minibatch is
     * drawn in one partition, chosen in proportion to its valid states (a multinomial split from
     * {@code seed}); partition p samples from {@code Seeds.derive(seed, p)}. Their size and terminal rule
     * come from {@code settings}.
     */
    static Minibatches draw(int count, List<Integer> validStates, long seed, TrainSettings settings, StateShape shape,
                            TdLabels labels) {
        return new Minibatches(split(count, validStates, new SplittableRandom(seed)), seed, settings, shape, labels);
    }

    /** Whether {@link #make} needs the online network (Double DQN's choice of the next action). */
    public boolean needOnline() {
        return labels.needsOnline();
    }

    /**
     * Partition {@code partition}'s minibatches, sampled from its buffer and labelled with the TD targets of
     * the frozen {@code target} network ({@code online} only for Double DQN, else null).
     */
    public List<DataSet> make(int partition, ReplayBuffer buffer, MultiLayerNetwork target, MultiLayerNetwork online) {
        MinibatchSampler sampler = new MinibatchSampler(buffer, shape, StateInput.formatOf(target),
                settings.lifeLossTerminal(), Seeds.derive(seed, partition));
        List<DataSet> out = new ArrayList<>(perPartition[partition]);
        for (int i = 0; i < perPartition[partition]; i++) {
            out.add(labels.of(sampler.next(settings.batchSize()), target, online));
        }
        return out;
    }

    static int[] split(int count, List<Integer> weights, SplittableRandom random) {
        long total = weights.stream().mapToLong(Integer::longValue).sum();
        if (total == 0) {
            throw new UserError("The replay window has no valid state to train on; collect more steps.");
        }
        int[] counts = new int[weights.size()];
        for (int i = 0; i < count; i++) {
            long r = random.nextLong(total);
            int p = 0;
            while (r >= weights.get(p)) {
                r -= weights.get(p);
                p++;
            }
            counts[p]++;
        }
        return counts;
    }
}
