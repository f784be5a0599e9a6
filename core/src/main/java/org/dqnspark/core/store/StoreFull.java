package org.dqnspark.core.store;

import java.util.function.Supplier;
import org.apache.hadoop.fs.ClusterStorageCapacityExceededException;
import org.dqnspark.core.UserError;

/**
 * A job's write that failed because the store's file system is full: a local disk's "No space left on device"
 * (which names no file), HDFS's space quota. Not a bug to trace but a condition the user must fix, so the job
 * stops with one message naming the run and what was kept. By then the job's unfinished commit is gone
 * ({@link StagedCommit#close}), so the run holds what it held before that commit.
 */
public final class StoreFull {
    /** The local file system's message (the JDK's text of ENOSPC). */
    private static final String NO_SPACE = "No space left on device";

    private StoreFull() {
    }

    /**
     * Throws {@code e} as a UserError when it tells that the store ran out of space; returns otherwise, for the
     * job to rethrow {@code e} (a Spark job's failure is a checked SparkException that Scala throws undeclared).
     *
     * @param doing what the job was doing, for the message ({@code collecting into}, {@code training})
     * @param kept  what the run holds now, for the message
     */
    public static void throwIfOutOfSpace(Exception e, RunStore store, String doing, Supplier<String> kept) {
        if (!isOutOfSpace(e)) {
            return;
        }
        RunLayout run = store.layout();
        throw new UserError("No space left on the store's file system while " + doing + " run '" + run.run() + "' ("
                + store.qualified(run.runDir()) + "): " + kept.get() + ".\nFree space there (or raise its quota) and"
                + " run the command again.", e);
    }

    /**
     * A cause of {@code e} is the file system running out of space (Spark passes a task's failure as a cause, and
     * as text in its own message).
     */
    static boolean isOutOfSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ClusterStorageCapacityExceededException
                    || String.valueOf(t.getMessage()).contains(NO_SPACE)) {
                return true;
            }
        }
        return false;
    }
}
