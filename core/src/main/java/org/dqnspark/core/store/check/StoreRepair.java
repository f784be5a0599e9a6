package org.dqnspark.core.store.check;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.core.store.EpisodeTable;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.core.store.StagedCommit;
import org.dqnspark.core.store.StoreTables;
import org.dqnspark.core.store.TableFiles;
import org.dqnspark.core.store.TransitionSchema;
import org.dqnspark.core.store.check.Finding.Kind;
import org.dqnspark.core.store.check.Finding.Repair;

/**
 * {@code dqn store check --repair}: acts on a {@link StoreCheck}'s findings and deletes nothing. Damaged files
 * move to {@code <run>/_quarantine/<time>/} under their path in the run, each with a {@code .why.txt} note;
 * the episodes of every iteration that lost a file (or whose episodes disagree with its transitions) are
 * derived again from the transitions that hold the truth; a killed job's commit is finished or undone as the
 * next job would, and staged work that was never committed joins the quarantine. The caller holds the run's
 * writer lock.
 */
public final class StoreRepair {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final SparkSession spark;
    private final RunStore store;
    private final Path quarantine;
    private final List<String> done = new ArrayList<>();

    private StoreRepair(SparkSession spark, RunStore store) {
        this.spark = spark;
        this.store = store;
        this.quarantine = new Path(quarantineRoot(store), STAMP.format(Instant.now()));
    }

    /** Where repairs put what they set aside: {@code <run>/_quarantine/}. */
    public static Path quarantineRoot(RunStore store) {
        return new Path(store.layout().runDir(), "_quarantine");
    }

    /** Repairs what {@code report} found; returns one line per action. */
    public static List<String> repair(SparkSession spark, RunStore store, StoreCheck.Report report) {
        return new StoreRepair(spark, store).run(report);
    }

    private List<String> run(StoreCheck.Report report) {
        Set<Integer> rederive = new TreeSet<>();
        for (Finding finding : report.findings()) {
            if (finding.repair() == Repair.QUARANTINE) {
                setAside(finding.path(), finding.what());
                iterationOf(finding.path()).ifPresent(rederive::add);
            } else if (finding.repair() == Repair.REDERIVE_EPISODES) {
                iterationOf(finding.path()).ifPresent(rederive::add);
            }
        }
        for (int iteration : rederive) {
            deriveEpisodes(iteration);
        }
        if (report.findings().stream().anyMatch(f -> f.kind() == Kind.ORPHAN_STAGING)) {
            recoverStaging();
        }
        return done;
    }

    /** Moves the run's file or directory {@code relative} into the quarantine, beside a note of why. */
    private void setAside(String relative, String why) {
        Path from = new Path(store.layout().runDir(), relative);
        if (!store.exists(from)) {
            return;
        }
        Path to = new Path(quarantine, relative);
        store.rename(from, to);
        store.writeText(new Path(quarantine, relative + ".why.txt"), String.format(
                "Moved here from %s by dqn store check --repair at %s:%n%s%n", relative, Instant.now(), why));
        done.add("quarantined " + relative + " (" + why + ")");
    }

    /** The iteration of a file of the transitions or episodes table, from its {@code iteration=<k>} directory. */
    private static java.util.Optional<Integer> iterationOf(String relative) {
        if (!relative.startsWith(StoreTables.TRANSITIONS + "/") && !relative.startsWith(StoreTables.EPISODES + "/")) {
            return java.util.Optional.empty();
        }
        for (String part : relative.split("/")) {
            if (part.matches(TransitionSchema.ITERATION + "=\\d+")) {
                return java.util.Optional.of(Integer.parseInt(part.substring(TransitionSchema.ITERATION.length() + 1)));
            }
        }
        return java.util.Optional.empty();
    }

    /** Sets the iteration's episodes aside (if any) and derives them again from its remaining transitions. */
    private void deriveEpisodes(int iteration) {
        Path episodes = store.layout().episodes(iteration);
        if (store.exists(episodes)) {
            // File by file: one of them may be in the quarantine already, as damaged.
            for (String file : dataFiles(episodes)) {
                setAside(StoreTables.EPISODES + "/" + episodes.getName() + "/" + new Path(file).getName(),
                        "derived again from the iteration's transitions by the same repair");
            }
            store.delete(episodes); // nothing left in it but Spark's _SUCCESS marker
        }
        List<String> transitions = dataFiles(store.layout().transitions(iteration));
        try (StagedCommit commit = store.beginCommit("repair-episodes")) {
            Path staged = commit.stage("episodes");
            EpisodeTable.write(spark, staged, transitions);
            commit.renameAsCommitPoint(staged, episodes).commit();
        }
        done.add(String.format("derived the episodes of iteration %d again from its %d transition file(s)",
                iteration, transitions.size()));
    }

    private List<String> dataFiles(Path dir) {
        return TableFiles.dataFiles(store, dir).stream().map(f -> store.qualified(f.getPath()).toString()).toList();
    }

    /**
     * Staged work without a saved commit plan was never committed: it joins the quarantine. Commits with a plan
     * are finished or undone exactly as the next job on the run would.
     */
    private void recoverStaging() {
        Path staging = store.layout().staging();
        try {
            for (FileStatus child : store.fileSystem().listStatus(staging)) {
                if (!store.exists(new Path(child.getPath(), StagedCommit.PLAN_FILE))) {
                    setAside("_staging/" + child.getPath().getName(), "staged by a job that stopped before its commit");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + staging, e);
        }
        for (String line : store.recoverInterruptedCommits()) {
            done.add(line);
        }
        if (store.exists(staging)) {
            store.delete(staging); // empty by now: its commits are done and the rest is in the quarantine
        }
    }
}
