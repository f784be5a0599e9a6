package org.dqnspark.core.policy;

import java.io.Serializable;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.dqnspark.core.UserError;
import org.dqnspark.core.env.Environment;
import org.dqnspark.core.env.Game;
import org.dqnspark.core.env.FrameShape;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.core.store.SnapshotStore;
import org.dqnspark.core.store.Transition;

/**
 * Which policy plays: the random policy or a snapshot (one of the run's, or a file of the user's). A name
 * the user gives ({@code random}, {@code latest}, an epoch) is resolved against the run's store into one
 * of these before a job writes anything, so {@code latest} is already a fixed epoch when play starts.
 *
 * <p>Everything that differs between the policies is decided here once: their names in tables and
 * messages, the exploration rate they play at, and the {@link Policy} an executor builds from them.
 * Serializable: the collector's and the evaluator's tasks carry it to the executors.
 */
public sealed interface PlayingPolicy extends Serializable permits PlayingPolicy.Random, PlayingPolicy.Snapshot {
    /** What the user names random play with ({@code --policy random}), and its name in tables. */
    String RANDOM_NAME = "random";
    /** What the user names the run's newest snapshot with. */
    String LATEST_NAME = "latest";

    /** Its name in tables and messages: {@code random}, {@code epoch-<n>}, or a snapshot file's name. */
    String name();

    /** The run's snapshot epoch that plays; empty for random play and for a file of the user's. */
    Optional<Integer> snapshotEpoch();

    /** The snapshot that chooses the greedy actions, as the transitions' {@code policy_snapshot} names it. */
    Optional<String> snapshotName();

    /** Who chooses the actions, as the transitions' {@code source} column records it. */
    String source();

    /** The evaluations table's {@code policy} column: {@code random} or {@code snapshot}. */
    String kind();

    /** The exploration rate of play when the job is given {@code configured}. */
    double epsilon(double configured);

    /** The executor's side, built once per actor: {@code seed} seeds random play's choices. */
    Policy open(Environment environment, long seed);

    /** The snapshot's network for frames of {@code frameShape}, for its Q-values; empty for random play. */
    Optional<SnapshotPolicy> network(FrameShape frameShape);

    /**
     * Fails unless this policy can play {@code game}, whose environment is {@code environment}: checked on the
     * driver before a job plays. A snapshot of another game (of another ROM unless {@code anyRom}), of another
     * action set or frame shape, or of a format this version does not read is refused.
     *
     * @throws UserError naming the snapshot, what it was trained on and what to do
     */
    void checkPlays(Game game, Environment environment, boolean anyRom);

    /**
     * The policy {@code dqn collect --policy} names: {@code random}, {@code latest} or a snapshot's epoch.
     *
     * @throws UserError naming the choices when the name is none of them or the snapshot does not exist
     */
    static PlayingPolicy resolve(String name, RunStore store) {
        return RANDOM_NAME.equals(name) ? new Random() : resolveSnapshot(name, store);
    }

    /**
     * The snapshot {@code dqn evaluate --snapshot} names: {@code latest}, an epoch, or a snapshot {@code .zip}.
     *
     * @throws UserError when it does not exist
     */
    static Snapshot resolveSnapshot(String name, RunStore store) {
        if (name.endsWith(".zip")) {
            java.nio.file.Path file = java.nio.file.Path.of(name);
            if (!Files.isRegularFile(file)) {
                throw new UserError("Snapshot file not found: " + file + "\nName a snapshot .zip, an epoch or latest.");
            }
            return new SnapshotFile(file.toAbsolutePath().toUri().toString(), file.getFileName().toString());
        }
        SnapshotStore snapshots = new SnapshotStore(store);
        if (LATEST_NAME.equals(name)) {
            return ofEpoch(snapshots.latestEpoch().orElseThrow(() -> new UserError(
                    "No snapshot yet for --policy latest: " + store.layout().snapshots() + " has none.\nCollect with"
                            + " --policy random first, then train the run (dqn train) to make snapshots.")), store);
        }
        try {
            return ofEpoch(Integer.parseInt(name), store);
        } catch (NumberFormatException e) {
            throw new UserError("Unknown --policy '" + name + "': use random, latest or a snapshot's epoch number"
                    + " (one of " + snapshots.epochs() + ").");
        }
    }

    /**
     * The run's snapshot of {@code epoch}.
     *
     * @throws UserError when the run has no such snapshot
     */
    static RunSnapshot ofEpoch(int epoch, RunStore store) {
        SnapshotStore snapshots = new SnapshotStore(store);
        List<Integer> epochs = snapshots.epochs();
        if (!epochs.contains(epoch)) {
            throw new UserError("No snapshot " + snapshots.path(epoch) + " for --policy " + epoch + "; the run has "
                    + (epochs.isEmpty() ? "none" : "epochs " + epochs) + ".");
        }
        return new RunSnapshot(epoch, store.qualified(snapshots.path(epoch)).toString());
    }

    /** The run's newest snapshot, or the random policy before the first: what a cycle collects with. */
    static PlayingPolicy newestSnapshotOrRandom(RunStore store) {
        return new SnapshotStore(store).latestEpoch().<PlayingPolicy>map(epoch -> ofEpoch(epoch, store))
                .orElseGet(Random::new);
    }

    /** Uniformly random actions: Nature's replay-start play and the baseline every Atari table reports. */
    record Random() implements PlayingPolicy {
        @Override
        public String name() {
            return RANDOM_NAME;
        }

        @Override
        public Optional<Integer> snapshotEpoch() {
            return Optional.empty();
        }

        @Override
        public Optional<String> snapshotName() {
            return Optional.empty();
        }

        @Override
        public String source() {
            return Transition.SOURCE_RANDOM;
        }

        @Override
        public String kind() {
            return RANDOM_NAME;
        }

        /** Random play explores always, whatever epsilon the job was given. */
        @Override
        public double epsilon(double configured) {
            return 1.0;
        }

        @Override
        public Policy open(Environment environment, long seed) {
            return new RandomPolicy(environment.actionCount(), seed);
        }

        @Override
        public Optional<SnapshotPolicy> network(FrameShape frameShape) {
            return Optional.empty();
        }

        /** Random play plays any game. */
        @Override
        public void checkPlays(Game game, Environment environment, boolean anyRom) {
        }
    }

    /** A trained snapshot's greedy policy, played epsilon-greedily. */
    sealed interface Snapshot extends PlayingPolicy permits RunSnapshot, SnapshotFile {
        /** The snapshot's zip, qualified, so that an executor on another machine reads the same file. */
        String path();

        @Override
        default Optional<String> snapshotName() {
            return Optional.of(name());
        }

        @Override
        default String source() {
            return Transition.SOURCE_AGENT;
        }

        @Override
        default String kind() {
            return "snapshot";
        }

        @Override
        default double epsilon(double configured) {
            return configured;
        }

        @Override
        default Policy open(Environment environment, long seed) {
            return SnapshotPolicy.load(this, environment.frameShape());
        }

        @Override
        default Optional<SnapshotPolicy> network(FrameShape frameShape) {
            return Optional.of(SnapshotPolicy.load(this, frameShape));
        }

        @Override
        default void checkPlays(Game game, Environment environment, boolean anyRom) {
            SnapshotPolicy.checkPlays(this, game, environment, anyRom);
        }
    }

    /** One of the run's snapshots, {@code <run>/snapshots/<epoch>.zip}. */
    record RunSnapshot(int epoch, String path) implements Snapshot {
        @Override
        public String name() {
            return SnapshotStore.epochName(epoch);
        }

        @Override
        public Optional<Integer> snapshotEpoch() {
            return Optional.of(epoch);
        }
    }

    /** A snapshot file of the user's ({@code dqn evaluate --snapshot FILE.zip}), named by its file name. */
    record SnapshotFile(String path, String name) implements Snapshot {
        @Override
        public Optional<Integer> snapshotEpoch() {
            return Optional.empty();
        }
    }
}
