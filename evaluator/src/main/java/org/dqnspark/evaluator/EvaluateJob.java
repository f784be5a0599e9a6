package org.dqnspark.evaluator;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.dqnspark.core.spark.ProgressPrinter;
import org.dqnspark.core.spark.TaskCounters;
import org.dqnspark.core.UserError;
import org.dqnspark.core.env.Game;
import org.dqnspark.core.env.Games;
import org.dqnspark.core.env.RomFile;
import org.dqnspark.core.policy.PolicySpec;
import org.dqnspark.core.store.EvaluationTable;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.core.store.SnapshotStore;
import org.dqnspark.core.store.StagedCommit;

/**
 * The evaluate job: the Nature protocol (30 games, each after random no-ops, epsilon 0.05, at most 5
 * minutes) for one snapshot or for the random policy, games spread over Spark tasks, one row per game
 * committed to the run's {@code evaluations} table, and a summary.
 */
public final class EvaluateJob {
    private final SparkSession spark;
    private final PrintStream out;

    public EvaluateJob(SparkSession spark, PrintStream out) {
        this.spark = spark;
        this.out = out;
    }

    public EvaluateReport run(EvaluateRequest request) {
        RunStore store = new RunStore(request.run(), spark.sparkContext().hadoopConfiguration());
        Game game = game(request, store);
        Played played = resolvePolicy(request, store);
        EvaluateSettings s = request.settings();
        double epsilon = request.random() ? 1.0 : s.epsilon();
        out.printf("evaluate: run %s, %s, %d games of %s at epsilon %.2f, at most %,d frames each%n",
                request.run().run(), played.name, s.games(), game.name(), epsilon, s.environment().maxFramesPerEpisode());

        LongAccumulator gamesDone = spark.sparkContext().longAccumulator("evaluate.games");
        LongAccumulator framesPlayed = spark.sparkContext().longAccumulator("evaluate.frames");
        EvaluationGames task = new EvaluationGames(game, played.path, s, gamesDone, framesPlayed);
        int partitions = Math.min(s.games(), spark.sparkContext().defaultParallelism());
        TaskCounters live = new TaskCounters().watch(gamesDone).watch(framesPlayed);
        List<GameResult> results;
        try (ProgressPrinter printer = ProgressPrinter.every(s.progressInterval(), "evaluate-progress", seconds ->
                out.printf("evaluate: %,.0f/%d games done, %,.0f frames/s%n", live.total(gamesDone), s.games(),
                        live.total(framesPlayed) / seconds))) {
            spark.sparkContext().addSparkListener(live);
            results = new ArrayList<>(JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .parallelize(IntStream.range(0, s.games()).boxed().toList(), partitions)
                    .mapPartitions(task::play)
                    .collect());
        } finally {
            spark.sparkContext().removeSparkListener(live);
        }
        results.sort(Comparator.comparingInt(GameResult::game));

        store.recoverInterruptedCommits().forEach(line -> out.println("evaluate: " + line));
        int evaluation = store.nextEvaluation();
        List<Row> rows = new ArrayList<>();
        for (GameResult r : results) {
            rows.add(RowFactory.create(request.run().run(), played.name, played.epoch,
                    request.random() ? PolicySpec.RANDOM : "snapshot", epsilon, r.game(), r.seed(), r.noops(),
                    r.score(), r.frames(), r.truncated(), Double.isNaN(r.meanMaxQ()) ? null : r.meanMaxQ()));
        }
        try (StagedCommit commit = store.beginCommit("evaluate")) {
            Path stagedConf = commit.stage("evaluate.conf");
            store.writeText(stagedConf, s.resolved());
            Path staged = commit.stage("evaluation");
            spark.createDataFrame(rows, EvaluationTable.FILE_SCHEMA).coalesce(1).write().mode(SaveMode.ErrorIfExists)
                    .parquet(staged.toString());
            commit.rename(stagedConf, request.run().evaluateConf(evaluation))
                    .renameAsCommitPoint(staged, request.run().evaluations(evaluation)).commit();
        }

        EvaluationSummary summary = EvaluationSummary.of(results);
        out.print(summary.table("evaluate: " + played.name + " on " + game.name() + " -> "
                + store.qualified(request.run().evaluations(evaluation))));
        return new EvaluateReport(evaluation, played.name, results, summary);
    }

    /**
     * The run's recorded game, or the one given; a game other than the run's needs --force-rom (a ROM
     * of another MD5 may be a revision of the same game).
     */
    private static Game game(EvaluateRequest request, RunStore store) {
        RunStore.GameRecord recorded = store.game().orElse(null);
        Game given = request.game();
        if (given == null) {
            if (recorded == null) {
                throw new UserError("Run '" + request.run().run() + "' has no recorded game in " + request.run().runDir()
                        + "; pass --rom ROM or --game NAME.");
            }
            return recorded.romPath().<Game>map(romPath -> recordedRom(recorded, romPath))
                    .orElseGet(() -> Games.builtIn(recorded.game()));
        }
        if (recorded != null && !given.identity().equals(recorded.identity()) && !request.forceRom()) {
            throw new UserError("Game " + given.name() + " (" + given.source() + ", " + given.identity() + ") is not"
                    + " the run's " + recorded.describe() + ". A snapshot plays the game it was trained on; add"
                    + " --force-rom to evaluate it on another ROM anyway.");
        }
        return given;
    }

    /** The ROM the run was collected with, still at its recorded path and unchanged. */
    private static RomFile recordedRom(RunStore.GameRecord recorded, String romPath) {
        java.nio.file.Path path = java.nio.file.Path.of(romPath);
        if (!Files.isRegularFile(path)) {
            throw new UserError("The run's ROM " + path + " (MD5 " + recorded.identity() + ") is not there any more;"
                    + " pass --rom with the same ROM.");
        }
        RomFile rom = RomFile.load(path);
        if (!rom.md5().equals(recorded.identity())) {
            throw new UserError("The run's ROM " + rom.path() + " has changed: MD5 " + rom.md5() + ", recorded "
                    + recorded.identity() + ". Pass --rom with the original ROM.");
        }
        return rom;
    }

    /** What plays: its name in the table, its epoch (or null) and its snapshot path (null for random). */
    private record Played(String name, Integer epoch, String path) {
    }

    private static Played resolvePolicy(EvaluateRequest request, RunStore store) {
        if (request.random()) {
            return new Played(PolicySpec.RANDOM, null, null);
        }
        String spec = request.snapshot() == null ? PolicySpec.LATEST : request.snapshot();
        if (spec.endsWith(".zip")) {
            java.nio.file.Path file = java.nio.file.Path.of(spec);
            if (!Files.isRegularFile(file)) {
                throw new UserError("Snapshot file not found: " + file + "\nName a snapshot .zip, an epoch or latest.");
            }
            return new Played(file.getFileName().toString(), null, file.toAbsolutePath().toUri().toString());
        }
        int epoch = new PolicySpec(spec).resolve(store).orElseThrow();
        return new Played(SnapshotStore.epochName(epoch), epoch,
                store.qualified(new SnapshotStore(store).path(epoch)).toString());
    }
}
