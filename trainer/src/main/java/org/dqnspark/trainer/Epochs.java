package org.dqnspark.trainer;

import static org.apache.spark.sql.functions.col;

import java.io.PrintStream;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.dqnspark.core.store.EpisodeTable;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.core.store.SnapshotStore;
import org.dqnspark.core.store.SnapshotStore.SnapshotCounters;
import org.dqnspark.core.store.StagedCommit;
import org.dqnspark.core.store.StoreTables;
import org.dqnspark.core.store.TableFiles;
import org.dqnspark.core.store.TrainingTable;
import org.dqnspark.trainer.learner.Learner;
import org.dqnspark.trainer.replay.ReplayWindow;

/**
 * A train job's epochs: {@code dqn.train.updates-per-epoch} updates each, the last one ending with the job
 * (fewer if the job ends first). Each ends with a snapshot (the learner's networks, optimizer state and
 * counters) and a row of the {@code training} table.
 */
final class Epochs {
    private final SparkSession spark;
    private final RunStore store;
    private final SnapshotStore snapshots;
    private final TrainRequest request;
    private final ReplayWindow window;
    private final PrintStream out;
    private final GameStats games;
    private final double secondsBefore;
    private final long start;
    private long lapStart;

    private int epoch;
    private long updates;
    private double lossSum;

    /**
     * @param epoch        epochs the run completed before this job
     * @param trainSeconds their training seconds
     */
    Epochs(SparkSession spark, RunStore store, TrainRequest request, ReplayWindow window, int epoch,
           double trainSeconds, PrintStream out) {
        this.spark = spark;
        this.store = store;
        this.snapshots = new SnapshotStore(store);
        this.request = request;
        this.window = window;
        this.out = out;
        this.games = GameStats.of(spark, store, window.newestIteration());
        this.epoch = epoch;
        this.secondsBefore = trainSeconds;
        this.start = System.nanoTime();
        this.lapStart = start;
    }

    /** Epochs the run completed. */
    int epoch() {
        return epoch;
    }

    /** Updates left before the current epoch is full. */
    long updatesLeft() {
        return request.settings().updatesPerEpoch() - updates;
    }

    void add(Learner.Step step) {
        updates += step.updates();
        lossSum += step.loss() * step.updates();
    }

    /**
     * Ends the epoch: a snapshot of {@code learner} and a training row with {@code meanQ}, the mean max-Q over
     * the held-out states, and {@code agreement}, the share of demonstration states where the greedy action is the
     * human's (null without demonstrations).
     */
    void end(Learner learner, double meanQ, Double agreement) {
        epoch++;
        long now = System.nanoTime();
        double epochSeconds = (now - lapStart) / 1e9;
        lapStart = now;
        double trainSeconds = secondsBefore + (now - start) / 1e9;
        long agentSteps = window.storeSize();
        double meanLoss = lossSum / updates;
        // One commit: the snapshot (the commit point), then its row of the training table.
        try (StagedCommit commit = store.beginCommit("epoch")) {
            snapshots.stage(commit, epoch, learner.online(), learner.target().params(), request.resolved().render(),
                    new SnapshotCounters(epoch, learner.updates(), agentSteps, window.epsilon(),
                            learner.targetCopiedAt(), trainSeconds));
            Path row = commit.stage("training");
            spark.createDataFrame(List.of(new TrainingTable.EpochRow(request.run().run(), epoch, SnapshotStore.epochName(epoch),
                    request.phase(), agentSteps, games.count(), games.average(), games.min(), games.max(), window.epsilon(),
                    learner.updates(), window.size(), meanQ, meanLoss, updates, trainSeconds, epochSeconds, agreement)
                    .toFileRow()), TrainingTable.FILE_SCHEMA).coalesce(1).write().mode(SaveMode.ErrorIfExists)
                    .parquet(row.toString());
            commit.rename(row, store.layout().training(epoch)).commit();
        }
        out.printf("train: epoch %d: snapshot %s, %,d updates in all, meancost %.4f, meanq %.4f%s%n", epoch,
                snapshots.path(epoch), learner.updates(), meanLoss, meanQ, agreement == null ? ""
                        : String.format(", greedy action = the human's on %.1f%% of demonstration states",
                                100 * agreement));
        updates = 0;
        lossSum = 0;
    }

    /** The newest snapshot's path, "none" if the run has none. */
    String newestSnapshot() {
        return snapshots.latestEpoch().map(e -> snapshots.path(e).toString()).orElse("none");
    }

    /** Game statistics of the newest collect iteration in the window. */
    private record GameStats(long count, Double average, Double min, Double max) {
        static GameStats of(SparkSession spark, RunStore store, int iteration) {
            RunLayout run = store.layout();
            TableFiles.check(store, run.episodes(), StoreTables.EPISODES, EpisodeTable.FILE_SCHEMA);
            Row r = spark.read().parquet(run.episodes().toString())
                    .where(col("iteration").equalTo(iteration))
                    .agg(functions.count("*"), functions.avg(EpisodeTable.EPISODE_RETURN),
                            functions.min(EpisodeTable.EPISODE_RETURN), functions.max(EpisodeTable.EPISODE_RETURN))
                    .first();
            return new GameStats(r.getLong(0), r.isNullAt(1) ? null : r.getDouble(1),
                    r.isNullAt(2) ? null : r.getDouble(2), r.isNullAt(3) ? null : r.getDouble(3));
        }
    }
}
