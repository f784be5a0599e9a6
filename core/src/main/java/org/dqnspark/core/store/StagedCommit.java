package org.dqnspark.core.store;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
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
    static final String PLAN = "_commit.properties";

    private final RunStore store;
    private final String name;
    private final Path dir;
    private final List<Path[]> renames = new ArrayList<>();
    private int commitPoint = -1;
    private boolean committed;

    StagedCommit(RunStore store, String name) {
        this.store = store;
        this.name = name;
        this.dir = new Path(store.layout().staging(), name + "-" + UUID.randomUUID());
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
        savePlan();
        PausePoints.reach(PausePoints.commitRenamed(name), 0);
        for (int i = 0; i < renames.size(); i++) {
            store.rename(renames.get(i)[0], renames.get(i)[1]);
            PausePoints.reach(PausePoints.commitRenamed(name), i + 1);
        }
        committed = true;
        store.delete(dir);
    }

    /** Discards the staged outputs of a commit that was not made (a job that failed before it). */
    @Override
    public void close() {
        if (!committed) {
            store.delete(dir);
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
        store.rename(partial, new Path(dir, PLAN));
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
                Path plan = new Path(status.getPath(), PLAN);
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
