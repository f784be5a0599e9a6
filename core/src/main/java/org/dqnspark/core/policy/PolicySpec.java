package org.dqnspark.core.policy;

import java.io.Serializable;
import org.dqnspark.core.UserError;
import org.dqnspark.core.store.RunStore;

/**
 * Which policy a job plays with, as the user names it: {@code random}, {@code latest} (the run's
 * newest snapshot) or a snapshot (an epoch number or a file).
 */
public record PolicySpec(String name) implements Serializable {
    public static final String RANDOM = "random";
    public static final String LATEST = "latest";

    public boolean isRandom() {
        return RANDOM.equals(name);
    }

    /**
     * Checks, before anything is written, that the named policy can be loaded for the run.
     *
     * @throws UserError when the snapshot does not exist
     */
    public void checkAvailable(RunStore store) {
        if (isRandom()) {
            return;
        }
        // Snapshots are written by the train job; until a run has one, only random play is possible.
        if (!store.exists(store.layout().snapshots())) {
            throw new UserError("No snapshot yet for --policy " + name + ": " + store.layout().snapshots()
                    + " does not exist.\nCollect with --policy random first, then train the run (dqn train) to"
                    + " make snapshots.");
        }
        throw new UserError("--policy " + name + ": loading snapshots needs the train job's network, which this"
                + " version does not have yet. Use --policy random.");
    }
}
