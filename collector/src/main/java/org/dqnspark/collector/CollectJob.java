package org.dqnspark.collector;

import java.io.PrintStream;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.dqnspark.core.env.Environment;
import org.dqnspark.core.spark.ProgressPrinter;
import org.dqnspark.core.spark.TaskCounters;
import org.dqnspark.core.store.EpisodeTable;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.core.store.StagedCommit;
import org.dqnspark.core.store.StoreFull;
import org.dqnspark.core.store.StoreTables;
import org.dqnspark.core.store.TransitionSchema;

/**
 * The collect job: K actors play the game as Spark tasks and the job commits one new iteration of the
 * run's {@code transitions} and {@code episodes} tables, atomically ({@link RunStore}).
 */
public final class CollectJob {
    private final SparkSession spark;
    private final PrintStream out;

    public CollectJob(SparkSession spark, PrintStream out) {
        this.spark = spark;
        this.out = out;
    }

    public CollectReport run(CollectRequest request) {
        RunStore store = new RunStore(request.run(), spark.sparkContext().hadoopConfiguration());
        try {
            return collect(request, store);
        } catch (Exception e) {
            StoreFull.throwIfOutOfSpace(e, store, "collecting into", () -> "nothing of this collect was committed");
            throw e;
        }
    }

    private CollectReport collect(CollectRequest request, RunStore store) {
        long start = System.nanoTime();
        store.checkSameGame(request.game());
        try (Environment environment = request.game().open(request.settings().environment(), 0)) {
            request.policy().checkPlays(request.game(), environment, false);
        }
        recover(store);

        int iteration = store.nextIteration();
        CollectSettings settings = request.settings();
        // Episodes that dqn play recorded do not advance the exploration schedule.
        long agentStepsBefore = StoreTables.collectedAgentSteps(spark, store);
        // Random play explores always; a snapshot at the schedule's value for the run so far.
        double epsilon = request.policy().epsilon(settings.exploration().at(agentStepsBefore));
        out.printf("collect: run %s, iteration %d, %s (%s), %,d agent steps over %d actors, policy %s at epsilon"
                        + " %.3f, after %,d agent steps%n", request.run().run(), iteration, request.game().name(),
                request.game().source(), settings.agentSteps(), settings.actors(), request.policy().name(), epsilon,
                agentStepsBefore);

        try (StagedCommit commit = store.beginCommit("collect")) {
            Path stagedConf = commit.stage("collect.conf");
            store.writeText(stagedConf, request.resolved().render());
            Counters counters = new Counters(spark);
            Path stagedTransitions = commit.stage("transitions");
            long playStart = System.nanoTime();
            playAndWrite(request, iteration, epsilon, counters, stagedTransitions);
            double playSeconds = (System.nanoTime() - playStart) / 1e9;
            Path stagedEpisodes = commit.stage("episodes");
            EpisodeTable.write(spark, stagedEpisodes, List.of(stagedTransitions.toString()));

            recordGame(store, request);
            // An iteration exists when its transitions do: the commit point.
            commit.rename(stagedConf, request.run().collectConf(iteration))
                    .renameAsCommitPoint(stagedTransitions, request.run().transitions(iteration))
                    .rename(stagedEpisodes, request.run().episodes(iteration))
                    .commit();
            CollectReport report = counters.report(iteration, (System.nanoTime() - start) / 1e9, playSeconds);
            out.printf("collect: committed iteration %d: %,d transitions, %,d finished episodes, mean return %.2f,"
                            + " %,.0f agent steps/s (%,.0f frames/s) in %.1f s (playing %.1f s) -> %s%n", iteration,
                    report.agentSteps(), report.episodes(), report.meanReturn(), report.agentStepsPerSecond(),
                    report.framesPerSecond(), report.seconds(), report.playSeconds(),
                    store.qualified(request.run().transitions(iteration)));
            return report;
        }
    }

    private static void recordGame(RunStore store, CollectRequest request) {
        try (Environment environment = request.game().open(request.settings().environment(), 0)) {
            store.recordGame(request.game(), environment.actionCount(), environment.frameShape());
        }
    }

    /**
     * Cleans up after a job on this run that was killed ({@link RunStore#recoverInterruptedCommits}), and
     * derives the episodes of iterations committed without them (stores written before commits were
     * finished on recovery).
     */
    private void recover(RunStore store) {
        store.recoverInterruptedCommits().forEach(line -> out.println("collect: " + line));
        for (int iteration : store.iterationsMissingEpisodes()) {
            out.printf("collect: deriving the episodes of committed iteration %d again (an earlier job stopped"
                    + " before writing them)%n", iteration);
            try (StagedCommit commit = store.beginCommit("episodes")) {
                Path staged = commit.stage("episodes");
                EpisodeTable.write(spark, staged,
                        List.of(store.qualified(store.layout().transitions(iteration)).toString()));
                commit.renameAsCommitPoint(staged, store.layout().episodes(iteration)).commit();
            }
        }
    }

    private void playAndWrite(CollectRequest request, int iteration, double epsilon, Counters counters,
                              Path target) {
        CollectSettings settings = request.settings();
        ActorTask task = new ActorTask(request.run().run(), iteration, request.game(), request.policy(), settings,
                epsilon,
                counters.steps, counters.frames, counters.episodes, counters.returns);
        List<Integer> actors = IntStream.range(0, settings.actors()).boxed().toList();
        JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(actors, settings.actors())
                .mapPartitions(ids -> task.rows(ids.next()));
        ProgressPrinter printer = ProgressPrinter.every(settings.progressInterval(), "collect-progress",
                seconds -> counters.printProgress(out, settings.agentSteps(), seconds));
        try {
            TransitionFiles.write(spark.createDataFrame(rows, TransitionSchema.FILE_SCHEMA), target);
        } finally {
            printer.close();
            counters.detach();
        }
    }

    /** The job's accumulators and their live totals. */
    private static final class Counters {
        final SparkSession spark;
        final LongAccumulator steps;
        final LongAccumulator frames;
        final LongAccumulator episodes;
        final DoubleAccumulator returns;
        final TaskCounters live = new TaskCounters();

        Counters(SparkSession spark) {
            this.spark = spark;
            steps = spark.sparkContext().longAccumulator("collect.steps");
            frames = spark.sparkContext().longAccumulator("collect.frames");
            episodes = spark.sparkContext().longAccumulator("collect.episodes");
            returns = spark.sparkContext().doubleAccumulator("collect.returns");
            live.watch(steps).watch(frames).watch(episodes).watch(returns);
            spark.sparkContext().addSparkListener(live);
        }

        void printProgress(PrintStream out, long totalAgentSteps, double seconds) {
            double done = live.total(steps);
            double finished = live.total(episodes);
            out.printf("collect: %,.0f/%,d agent steps (%.0f%%), %,.0f agent steps/s, %,.0f frames/s, %,.0f episodes, mean return"
                            + " %s%n", done, totalAgentSteps, 100.0 * done / totalAgentSteps, done / seconds,
                    live.total(frames) / seconds, finished,
                    finished > 0 ? String.format("%.2f", live.total(returns) / finished) : "-");
        }

        void detach() {
            spark.sparkContext().removeSparkListener(live);
        }

        CollectReport report(int iteration, double seconds, double playSeconds) {
            long finished = episodes.value();
            return new CollectReport(iteration, steps.value(), frames.value(), finished,
                    finished > 0 ? returns.sum() / finished : Double.NaN, seconds, playSeconds);
        }
    }
}
