package org.dqnspark.core.policy;

import java.io.Serializable;
import org.dqnspark.core.UserError;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.core.store.SnapshotStore;

/**
 * Which policy a job plays with, as the user names it: {@code random}, {@code latest} (the run's
 * newest snapshot) or a snapshot's epoch number.
 */
public record PolicySpec(String name) implements Serializable {
    public static final String RANDOM = "random";
    public static final String LATEST = "latest";

    public boolean isRandom() {
        return RANDOM.equals(name);
    }

    /**
     * The snapshot epoch this policy names in {@code store}, checked before anything is written; empty for
     * random play.
     *
     * @throws UserError when the snapshot does not exist
     */
    public java.util.Optional<Integer> resolve(RunStore store) {
        if (isRandom()) {
            return java.util.Optional.empty();
        }
        SnapshotStore snapshots = new SnapshotStore(store);
        if (LATEST.equals(name)) {
            return java.util.Optional.of(snapshots.latestEpoch().orElseThrow(() -> new UserError(
                    "No snapshot yet for --policy latest: " + store.layout().snapshots() + " has none.\nCollect with"
                            + " --policy random first, then train the run (dqn train) to make snapshots.")));
        }
        int epoch;
        try {
            epoch = Integer.parseInt(name);
        } catch (NumberFormatException e) {
            throw new UserError("Unknown --policy '" + name + "': use random, latest or a snapshot's epoch number"
                    + " (one of " + snapshots.epochs() + ").");
        }
        if (!snapshots.epochs().contains(epoch)) {
            throw new UserError("No snapshot " + snapshots.path(epoch) + " for --policy " + name + "; the run has "
                    + (snapshots.epochs().isEmpty() ? "none" : "epochs " + snapshots.epochs()) + ".");
        }
        return java.util.Optional.of(epoch);
    }
}
