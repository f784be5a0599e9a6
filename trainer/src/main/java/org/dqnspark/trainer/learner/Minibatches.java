package org.dqnspark.trainer.learner;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.core.Seeds;
import org.dqnspark.core.UserError;
import org.dqnspark.core.learning.DemonstrationLabels;
import org.dqnspark.core.learning.DemonstrationMinibatch;
import org.dqnspark.core.learning.MinibatchGroup;
import org.dqnspark.core.learning.TdLabels;
import org.dqnspark.core.network.StateInput;
import org.dqnspark.core.network.StateShape;
import org.dqnspark.trainer.TrainSettings;
import org.dqnspark.trainer.replay.MinibatchSampler;
import org.dqnspark.trainer.replay.ReplayBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The minibatches of one fit, as the learner sends them to the replay partitions: how many each
 * partition draws, from which seed, and how each becomes what DL4J fits. A fitter calls {@link #stream}
 * next to every partition's buffer; the minibatches are fitted in partition order.
 */
public final class Minibatches implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Next states the target network values per forward pass when labelling (8 minibatches of 32): MinAtar's
     * forward costs mostly per call (32 states 0.3-0.5 ms), and a larger batch keeps the products efficient.
     */
    static final int STATES_PER_TARGET_FORWARD = 256;

    private final int[] perPartition;
    private final long seed;
    private final TrainSettings settings;
    private final StateShape shape;
    private final TdLabels labels;
    /** DQfD's labels, and each partition's probability that a sample is a demonstration; null for DQN. */
    private final DemonstrationLabels demonstrationLabels;
    private final double[] demonstrationShares;

    private Minibatches(int[] perPartition, long seed, TrainSettings settings, StateShape shape, TdLabels labels,
                        DemonstrationLabels demonstrationLabels, double[] demonstrationShares) {
        this.perPartition = perPartition;
        this.seed = seed;
        this.settings = settings;
        this.shape = shape;
        this.labels = labels;
        this.demonstrationLabels = demonstrationLabels;
        this.demonstrationShares = demonstrationShares;
    }

    /**
     * {@code count} minibatches drawn uniformly over the valid states of all partitions: each minibatch is
     * drawn in one partition, chosen in proportion to its valid states (a multinomial split from
     * {@code seed}); partition p samples from {@code Seeds.derive(seed, p)}. Their size and terminal rule
     * come from {@code settings}.
     */
    static Minibatches draw(int count, List<Integer> validStates, long seed, TrainSettings settings, StateShape shape,
                            TdLabels labels) {
        return new Minibatches(split(count, validStates, new SplittableRandom(seed)), seed, settings, shape, labels,
                null, null);
    }

    /**
     * {@code count} minibatches for Deep Q-learning from Demonstrations, {@code share} of whose transitions are
     * demonstrations, drawn uniformly among all partitions' valid demonstrations, the rest uniformly among the
     * agent's own (all demonstrations when the window holds nothing else, none when it holds no demonstration).
     * Each minibatch is drawn in one partition, chosen with the probability that a transition drawn so lies in
     * it; there each transition is a demonstration with the probability that gives: so the split is exact in
     * expectation however unevenly the partitions hold demonstrations.
     *
     * @param valid               valid states per partition, demonstrations included
     * @param validDemonstrations valid demonstration states per partition
     */
    static Minibatches drawWithDemonstrations(int count, List<Integer> valid, List<Integer> validDemonstrations,
                                              double share, long seed, TrainSettings settings, StateShape shape,
                                              DemonstrationLabels labels) {
        int partitions = valid.size();
        long demonstrations = validDemonstrations.stream().mapToLong(Integer::longValue).sum();
        long own = valid.stream().mapToLong(Integer::longValue).sum() - demonstrations;
        if (demonstrations + own == 0) {
            throw new UserError("The replay window has no valid state to train on; collect more steps.");
        }
        double s = demonstrations == 0 ? 0 : own == 0 ? 1 : share;
        double[] weights = new double[partitions];
        double[] shares = new double[partitions];
        for (int p = 0; p < partitions; p++) {
            double fromDemonstrations = demonstrations == 0 ? 0 : s * validDemonstrations.get(p) / demonstrations;
            double fromOwn = own == 0 ? 0 : (1 - s) * (valid.get(p) - validDemonstrations.get(p)) / own;
            weights[p] = fromDemonstrations + fromOwn;
            shares[p] = weights[p] == 0 ? 0 : fromDemonstrations / weights[p];
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] counts = new int[partitions];
        for (int i = 0; i < count; i++) {
            double r = random.nextDouble();
            int p = 0;
            while (p < partitions - 1 && (r -= weights[p]) >= 0) {
                p++;
            }
            while (weights[p] == 0) { // rounding past the last partition with states
                p--;
            }
            counts[p]++;
        }
        return new Minibatches(counts, seed, settings, shape, null, labels, shares);
    }

    /**
     * Partition {@code partition}'s minibatches, sampled from its buffer and labelled with the TD targets of
     * the frozen {@code target} network, one by one, each made when asked for (the next states of a few at once,
     * {@link #perTargetForward()}, so that one target forward values them all): a fit of any length holds only
     * the few it has not fitted yet. Under Double DQN they {@link WaitsForOnlineNetwork}: valued by the target
     * network now, labelled by {@link AroundEachUpdate#before} right before each is fitted. Each is a
     * {@link MadeMinibatch} whose states go back to this stream's sampler once fitted
     * ({@link AroundEachUpdate#after}), so that a long fit samples into the same few arrays. The iterator
     * and the networks belong to the thread that calls it.
     */
    public Iterator<DataSet> stream(int partition, ReplayBuffer buffer, MultiLayerNetwork target) {
        CNN2DFormat format = StateInput.formatOf(target);
        StateInput.Pool handedOut = new StateInput.Pool(shape.frame(), format);
        MinibatchSampler sampler = new MinibatchSampler(buffer, shape, format,
                settings.lifeLossTerminal(), Seeds.derive(seed, partition), handedOut);
        int count = perPartition[partition];
        int perGroup = perTargetForward();
        return new Iterator<>() {
            private int made;
            private final Deque<DataSet> ready = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                return !ready.isEmpty() || made < count;
            }

            @Override
            public DataSet next() {
                if (ready.isEmpty()) {
                    if (made >= count) {
                        throw new NoSuchElementException("partition " + partition + " draws " + count + " minibatches");
                    }
                    int size = Math.min(perGroup, count - made);
                    if (demonstrationLabels == null) {
                        ready.addAll(group(sampler, size, target, handedOut));
                    } else {
                        ready.add(demonstration(sampler, partition, target, handedOut));
                    }
                    made += size;
                }
                return ready.removeFirst();
            }
        };
    }

    /** The next {@code size} DQN minibatches, labelled (or, under Double DQN, valued) by one target forward. */
    private List<MadeMinibatch> group(MinibatchSampler sampler, int size, MultiLayerNetwork target,
                                      StateInput.Pool handedOut) {
        boolean doubleDqn = labels.needsOnline();
        MinibatchGroup group = sampler.next(size, settings.batchSize(), doubleDqn);
        List<DataSet> made = doubleDqn ? DoubleDqnMinibatch.of(group, target, labels) : labels.of(group, target, null);
        // Double DQN's next states are valued again before each update: they go back once all are fitted.
        Runnable oneFitted = doubleDqn ? afterAll(size, () -> handedOut.giveBack(group.nextStates())) : () -> { };
        List<MadeMinibatch> out = new ArrayList<>(size);
        for (int m = 0; m < size; m++) {
            INDArray states = group.minibatches().get(m).states();
            out.add(MadeMinibatch.of(made.get(m), () -> {
                handedOut.giveBack(states);
                oneFitted.run();
            }));
        }
        return out;
    }

    private MadeMinibatch demonstration(MinibatchSampler sampler, int partition, MultiLayerNetwork target,
                                        StateInput.Pool handedOut) {
        boolean doubleDqn = demonstrationLabels.needsOnline();
        DemonstrationMinibatch batch = sampler.nextWithDemonstrations(settings.batchSize(),
                demonstrationShares[partition], settings.demonstrations().nStep(), doubleDqn);
        DataSet made = doubleDqn ? DoubleDqnDemonstrationMinibatch.of(batch, target, demonstrationLabels)
                : demonstrationLabels.of(batch, target, null);
        return MadeMinibatch.of(made, () -> {
            handedOut.giveBack(batch.oneStep().states());
            if (doubleDqn) { // valued again before its update, so arrays of their own
                handedOut.giveBack(batch.oneStep().nextStates());
                handedOut.giveBack(batch.nStepStates());
            }
        });
    }

    /** An action that runs {@code action} on its {@code calls}-th call (all calls on one thread). */
    private static Runnable afterAll(int calls, Runnable action) {
        int[] left = {calls};
        return () -> {
            if (--left[0] == 0) {
                action.run();
            }
        };
    }

    /** Minibatches whose next states one target forward values: a few for DQN, DQfD's one by one. */
    int perTargetForward() {
        return demonstrationLabels == null ? Math.max(1, STATES_PER_TARGET_FORWARD / settings.batchSize()) : 1;
    }

    /** The minibatches of the fit, all partitions together: one update each. */
    int count() {
        int sum = 0;
        for (int c : perPartition) {
            sum += c;
        }
        return sum;
    }

    /** The minibatches partition {@code p} draws. */
    int minibatchesOf(int p) {
        return perPartition[p];
    }

    /** The probability that a transition partition {@code p} draws is a demonstration (0 without DQfD). */
    double demonstrationShareOf(int p) {
        return demonstrationShares == null ? 0 : demonstrationShares[p];
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
