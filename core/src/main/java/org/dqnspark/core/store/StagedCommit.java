package org.dqnspark.core.store;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ShutdownHookManager;
import org.dqnspark.core.spark.PausePoints;

/**
 * The one way a job puts what it wrote into a run: everything is written into a staging directory of
 * its own, then moved into place by renames in a fixed order, one of which is the <em>commit point</em>.
 * Before the first rename the list of renames is saved beside the staged outputs; a job killed at any
 * moment is then finished by the next job on the run ({@link #recoverAll}): killed before the commit
 * point, the renames already done are undone (nothing of the commit stays); killed after it, the
 * remaining renames are done (all of it is there). Each rename is atomic on a local disk and on HDFS,
 * so a reader sees an output whole or not at all.
 *
 * <p>A collect, for example, renames its config, then its transitions (the commit point: an iteration
 * exists when {@code transitions/iteration=k} does), then its episodes. With
 * {@code -Ddqn.pause-at=commit.NAME.renamed@N} a commit stops after its N-th rename ({@link PausePoints}),
 * for the tests that kill it there.
 */
public final class StagedCommit implements AutoCloseable {
    /** The saved list of renames, in the staging directory; its presence means renames may have begun. */
    public static final String PLAN_FILE = "_commit.properties";

    /**
     * After Spark's own shutdown hook (priority 40: its jobs stopped, nothing writes any more) and before
     * Hadoop closes its file systems (10).
     */
    private static final int SHUTDOWN_PRIORITY = 20;

    /** Commits of this JVM not yet committed or closed: what a JVM stopped by SIGINT or SIGTERM removes. */
    private static final Set<StagedCommit> OPEN = ConcurrentHashMap.newKeySet();

    static {
        ShutdownHookManager.get().addShutdownHook(StagedCommit::discardOpenCommits, SHUTDOWN_PRIORITY);
    }

    private static volatile boolean stopping;

    /** How long a stopping JVM's removed staging must stay gone (tasks still closing their writers). */
    private static final long SETTLE_MILLIS = 500;

    private final RunStore store;
    private final String name;
    private final Path dir;
    private final List<Path[]> renames = new ArrayList<>();
    private int commitPoint = -1;
    private boolean committed;
    /** The plan is saved: from here on a stopping JVM leaves the commit to the next job's recovery. */
    private boolean planned;

    StagedCommit(RunStore store, String name) {
        this.store = store;
        this.name = name;
        this.dir = new Path(store.layout().staging(), name + "-" + UUID.randomUUID());
        if (stopping) {
            throw new IllegalStateException("not staging " + name + ": the JVM is stopping");
        }
        OPEN.add(this);
        try {
            store.fileSystem().mkdirs(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** Where to write the output {@code fileName} before it is committed (fully qualified, for Spark). */
    public Path stage(String fileName) {
        return store.qualified(new Path(dir, fileName));
    }

    /** Moves {@code staged} to {@code target} at commit, in the order of the calls. */
    public StagedCommit rename(Path staged, Path target) {
        renames.add(new Path[] {store.qualified(staged), store.qualified(target)});
        return this;
    }

    /** As {@link #rename}, and this rename is the commit point (exactly one per commit). */
    public StagedCommit renameAsCommitPoint(Path staged, Path target) {
        if (commitPoint >= 0) {
            throw new IllegalStateException("a commit has one commit point");
        }
        commitPoint = renames.size();
        return rename(staged, target);
    }

    /** Saves the plan, then does the renames in order; afterwards the staging directory is gone. */
    public void commit() {
        if (commitPoint < 0) {
            throw new IllegalStateException("commit " + name + " names no commit point");
        }
        for (Path[] move : renames) {
            if (store.exists(move[1])) {
                throw new IllegalStateException("refusing to overwrite " + move[1]
                        + " (is another job writing to this run?)");
            }
        }
        synchronized (this) {
            if (stopping) {
                throw new IllegalStateException("not committing " + name + ": the JVM is stopping");
            }
            planned = true;
        }
        savePlan();
        PausePoints.reach(PausePoints.commitRenamed(name), 0);
        for (int i = 0; i < renames.size(); i++) {
            store.rename(renames.get(i)[0], renames.get(i)[1]);
            PausePoints.reach(PausePoints.commitRenamed(name), i + 1);
        }
        committed = true;
        store.delete(dir);
        OPEN.remove(this);
    }

    /** Discards the staged outputs of a commit that was not made (a job that failed before it). */
    @Override
    public void close() {
        synchronized (this) {
            if (!committed && !(planned && stopping)) {
                store.delete(dir);
            }
        }
        OPEN.remove(this);
    }

    /**
     * On SIGINT or SIGTERM: removes what this JVM's commits staged, unless a commit's renames have begun (its
     * plan is saved; the next job on the run finishes it, as after {@code kill -9}), then {@code _staging/}
     * itself when nothing else is in it. A stopped command thus leaves its run as it was before it started.
     * Spark has stopped its jobs by now, but a killed task may still be closing its Parquet writer for a moment
     * after: the removal is repeated until the staging stays gone for {@link #SETTLE_MILLIS}.
     */
    private static void discardOpenCommits() {
        stopping = true;
        long deadline = System.currentTimeMillis() + SETTLE_MILLIS * 8;
        boolean removedAny;
        do {
            removedAny = false;
            for (StagedCommit commit : OPEN) {
                removedAny |= commit.discardOnStop();
            }
            sleepQuietly(removedAny ? SETTLE_MILLIS : 0);
        } while (removedAny && System.currentTimeMillis() < deadline);
    }

    /** Removes this commit's staging (and the run's, if then empty) unless renames began; true if it removed any. */
    private boolean discardOnStop() {
        boolean removed = false;
        FileSystem fs = store.fileSystem();
        Path staging = store.layout().staging();
        try {
            synchronized (this) {
                if (!planned && !committed && fs.exists(dir)) {
                    removed = fs.delete(dir, true);
                }
            }
            if (fs.exists(staging) && fs.listStatus(staging).length == 0) {
                removed |= fs.delete(staging, false);
            }
        } catch (IOException e) {
            System.err.println("dqn: could not remove " + dir + " on stopping: " + e.getMessage());
        }
        return removed;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void savePlan() {
        Properties plan = new Properties();
        plan.setProperty("name", name);
        plan.setProperty("renames", String.valueOf(renames.size()));
        plan.setProperty("commit_point", String.valueOf(commitPoint));
        for (int i = 0; i < renames.size(); i++) {
            plan.setProperty("staged." + i, renames.get(i)[0].toString());
            plan.setProperty("target." + i, renames.get(i)[1].toString());
        }
        // Written beside, then renamed: a plan is there whole or not at all.
        Path partial = new Path(dir, "_commit.partial");
        try (OutputStream out = store.fileSystem().create(partial, true)) {
            plan.store(out, "dqn-spark commit " + name + ": renames in order; see StagedCommit");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + partial, e);
        }
        store.rename(partial, new Path(dir, PLAN_FILE));
    }

    /**
     * Finishes or undoes every commit that a killed job left in the run's staging directory, then removes
     * the staging directory. Returns one line per commit it finished or undid, for the job to print.
     */
    static List<String> recoverAll(RunStore store) {
        List<String> done = new ArrayList<>();
        Path staging = store.layout().staging();
        if (!store.exists(staging)) {
            return done;
        }
        try {
            for (FileStatus status : store.fileSystem().listStatus(staging)) {
                Path plan = new Path(status.getPath(), PLAN_FILE);
                if (status.isDirectory() && store.exists(plan)) {
                    done.add(recover(store, store.readProperties(plan)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + staging, e);
        }
        store.delete(staging);
        return done;
    }

    private static String recover(RunStore store, Properties plan) {
        int count = Integer.parseInt(plan.getProperty("renames"));
        int commitPoint = Integer.parseInt(plan.getProperty("commit_point"));
        boolean pastCommitPoint = store.exists(new Path(plan.getProperty("target." + commitPoint)));
        int changed = 0;
        for (int i = 0; i < count; i++) {
            Path staged = new Path(plan.getProperty("staged." + i));
            Path target = new Path(plan.getProperty("target." + i));
            boolean renamed = !store.exists(staged) && store.exists(target);
            if (pastCommitPoint && !renamed) {
                store.rename(staged, target);
                changed++;
            } else if (!pastCommitPoint && renamed) {
                store.delete(target);
                changed++;
            }
        }
        return String.format("%s the commit of an interrupted %s job (%d of %d renames %s)",
                pastCommitPoint ? "finished" : "undid", plan.getProperty("name"), changed, count,
                pastCommitPoint ? "done now" : "undone");
    }
}
