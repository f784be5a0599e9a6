package org.dqnspark.core.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;

/**
 * Named points inside the jobs where a test can stop a job and kill it there, instead of racing a
 * progress line: {@code -Ddqn.pause-at=POINT@N} makes the job wait, for good, the N-th time it reaches
 * POINT (a plain {@code POINT} means the first time). On reaching it, it prints
 * {@code dqn: paused at POINT@N ...} to standard output; the test then sends SIGKILL.
 *
 * <p>The points ({@link #COLLECT_ACTOR_STEP}, {@link #commitRenamed} and the rest) are counted where they happen: per actor in
 * a collect, per job in a train, per task in an evaluate. In local mode the executors share the
 * driver's JVM and so its system properties; on a cluster the property must be in the executors' JVM
 * options too. Without the property every call returns at once (one property read).
 *
 * <p>A paused Spark task still ends when its job is cancelled, so a test that pauses a job in its own
 * JVM can cancel it and go on.
 */
public final class PausePoints {
    public static final String PROPERTY = "dqn.pause-at";

    /** An actor played its N-th agent step (its rows up to there are with the Parquet writer). */
    public static final String COLLECT_ACTOR_STEP = "collect.actor-step";
    /** A train job finished a fit; N counts the updates done by this job so far. */
    public static final String TRAIN_UPDATES = "train.updates";
    /** An evaluation task finished its N-th game. */
    public static final String EVALUATE_TASK_GAME = "evaluate.task-game";

    /** "point@count" -> how many threads (actors, tasks) have paused there in this JVM. */
    /**
     * The point after a store commit's N-th rename ({@code StagedCommit}; N = 0: its plan saved, nothing
     * renamed yet). A collect's renames: 1 its config, 2 its transitions (the commit point), 3 its episodes.
     */
    public static String commitRenamed(String commitName) {
        return "commit." + commitName + ".renamed";
    }

    private static final Map<String, AtomicInteger> PAUSED = new ConcurrentHashMap<>();

    private PausePoints() {
    }

    /** {@link #reach(String, long)} for the first time a point is reached. */
    public static void reach(String point) {
        reach(point, 1);
    }

    /** Waits for good if {@code -Ddqn.pause-at} names this point at this count; returns at once otherwise. */
    public static void reach(String point, long count) {
        String wanted = System.getProperty(PROPERTY);
        if (wanted == null || !matches(wanted, point, count)) {
            return;
        }
        String at = point + "@" + count;
        PAUSED.computeIfAbsent(at, key -> new AtomicInteger()).incrementAndGet();
        System.out.println("dqn: paused at " + at + " (-D" + PROPERTY + "); waiting to be killed");
        System.out.flush();
        waitUntilCancelled(at);
    }

    /**
     * How many threads of this JVM (actors, tasks) are paused at {@code point@count}: for tests that pause a
     * job in their own JVM.
     */
    public static int pausedAt(String point, long count) {
        AtomicInteger paused = PAUSED.get(point + "@" + count);
        return paused == null ? 0 : paused.get();
    }

    static boolean matches(String wanted, String point, long count) {
        int at = wanted.indexOf('@');
        if (at < 0) {
            return wanted.equals(point) && count == 1;
        }
        try {
            return wanted.substring(0, at).equals(point) && Long.parseLong(wanted.substring(at + 1).trim()) == count;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + wanted + " is not POINT or POINT@N (N a count,"
                    + " e.g. " + TRAIN_UPDATES + "@10)", e);
        }
    }

    private static void waitUntilCancelled(String at) {
        TaskContext task = TaskContext.get();
        while (true) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while paused at a pause point", e);
            }
            if (task != null && task.isInterrupted()) {
                PAUSED.get(at).decrementAndGet();
                task.killTaskIfInterrupted(); // a cancelled job's task ends here
            }
        }
    }
}
