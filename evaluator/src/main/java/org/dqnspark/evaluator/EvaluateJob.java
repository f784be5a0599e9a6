package org.dqnspark.evaluator;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
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
import org.dqnspark.core.env.Environment;
import org.dqnspark.core.env.Game;
import org.dqnspark.core.env.Games;
import org.dqnspark.core.env.RomFile;
import org.dqnspark.core.policy.PlayingPolicy;
import org.dqnspark.core.store.GameRecord;
import org.dqnspark.core.store.EvaluationTable;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.core.store.StagedCommit;
import org.dqnspark.core.store.StoreFull;

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
        try {
            return evaluate(request, store);
        } catch (Exception e) {
            StoreFull.throwIfOutOfSpace(e, store, "evaluating", () -> "the evaluation was not committed");
            throw e;
        }
    }

    private EvaluateReport evaluate(EvaluateRequest request, RunStore store) {
        Game game = game(request, store);
        PlayingPolicy policy = request.policy();
        EvaluateSettings s = request.settings();
        try (Environment environment = game.open(s.environment(), 0)) {
            policy.checkPlays(game, environment, request.forceRom());
        }
        double epsilon = policy.epsilon(s.epsilon());
        out.printf("evaluate: run %s, %s, %d games of %s at epsilon %.2f, at most %,d frames each%n",
                request.run().run(), policy.name(), s.games(), game.name(), epsilon, s.environment().maxFramesPerEpisode());

        LongAccumulator gamesDone = spark.sparkContext().longAccumulator("evaluate.games");
        LongAccumulator framesPlayed = spark.sparkContext().longAccumulator("evaluate.frames");
        EvaluationGames task = new EvaluationGames(game, policy, s, gamesDone, framesPlayed);
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
            // Absent values are the table's null columns.
            rows.add(RowFactory.create(request.run().run(), policy.name(), policy.snapshotEpoch().orElse(null),
                    policy.kind(), epsilon, r.game(), r.seed(), r.noopFrames(),
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
        out.print(summary.table("evaluate: " + policy.name() + " on " + game.name() + " -> "
                + store.qualified(request.run().evaluations(evaluation))));
        return new EvaluateReport(evaluation, policy.name(), results, summary);
    }

    /**
     * The run's recorded game, or the one given; a game other than the run's needs --force-rom (a ROM
     * of another MD5 may be a revision of the same game).
     */
    private static Game game(EvaluateRequest request, RunStore store) {
        Optional<GameRecord> recorded = store.game();
        if (request.game().isEmpty()) {
            GameRecord record = recorded.orElseThrow(() -> new UserError("Run '" + request.run().run()
                    + "' has no recorded game in " + request.run().runDir() + "; pass --rom ROM or --game NAME."));
            return record.romPath().<Game>map(romPath -> recordedRom(record, romPath))
                    .orElseGet(() -> Games.builtIn(record.game()));
        }
        Game given = request.game().get();
        Optional<GameRecord> another = recorded.filter(record -> !given.identity().equals(record.identity()));
        if (another.isPresent() && !request.forceRom()) {
            throw new UserError("Game " + given.name() + " (" + given.source() + ", " + given.identity() + ") is not"
                    + " the run's " + another.get().describe() + ". A snapshot plays the game it was trained on; add"
                    + " --force-rom to evaluate it on another ROM anyway.");
        }
        return given;
    }

    /** The ROM the run was collected with, still at its recorded path and unchanged. */
    private static RomFile recordedRom(GameRecord recorded, String romPath) {
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
}
