package org.dqnspark.app.cycle;

import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.app.cycle.CycleJournal.Stage;
import org.dqnspark.collector.CollectJob;
import org.dqnspark.collector.CollectReport;
import org.dqnspark.collector.CollectRequest;
import org.dqnspark.collector.CollectSettings;
import org.dqnspark.core.UserError;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.Environment;
import org.dqnspark.core.network.QNetworks;
import org.dqnspark.core.policy.PlayingPolicy;
import org.dqnspark.core.store.CycleTable;
import org.dqnspark.core.store.CycleTable.CycleRow;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.core.store.SnapshotStore;
import org.dqnspark.core.store.StagedCommit;
import org.dqnspark.core.store.StoreTables;
import org.dqnspark.evaluator.EvaluateJob;
import org.dqnspark.evaluator.EvaluateReport;
import org.dqnspark.evaluator.EvaluateRequest;
import org.dqnspark.evaluator.EvaluateSettings;
import org.dqnspark.trainer.TrainJob;
import org.dqnspark.trainer.TrainReport;
import org.dqnspark.trainer.TrainRequest;
import org.dqnspark.trainer.TrainSettings;
import org.dqnspark.trainer.replay.ReplayMemoryEstimate;

/**
 * The cycle job, what users run: cycles of collect (the newest snapshot, epsilon from Nature's schedule;
 * the random policy before the first snapshot) -> train (one update per {@code update-frequency} new
 * agent steps, over the newest {@code replay-size} transitions) -> evaluate the new snapshot -> one row
 * of the {@code cycles} table, until the run has the requested number of completed cycles.
 *
 * <p>It survives being killed at any moment: every stage is journalled ({@link CycleJournal}) and each
 * job it runs commits atomically, so running the same command again continues with the first stage
 * that did not complete, after removing whatever that stage had committed.
 */
public final class CycleJob {
    private final SparkSession spark;
    private final PrintStream out;

    public CycleJob(SparkSession spark, PrintStream out) {
        this.spark = spark;
        this.out = out;
    }

    /**
     * Runs cycles until the run has {@code request.targetCycles()}; returns the rows of the cycles it ran. The
     * caller has checked the request ({@link #checkBeforeAnyStage}) and holds the run's writer lock.
     */
    public List<CycleRow> run(CycleRequest request) {
        RunStore store = new RunStore(request.run(), spark.sparkContext().hadoopConfiguration());
        store.checkSameGame(request.game());
        int completed = completedCycles(store);
        if (completed >= request.targetCycles()) {
            out.printf("cycle: run %s already has %d completed cycles (asked for %d); nothing to do%n",
                    request.run().run(), completed, request.targetCycles());
            return List.of();
        }
        out.printf("cycle: run %s, %s, %d completed cycles; running cycles %d..%d%n", request.run().run(),
                request.game().name(), completed, completed + 1, request.targetCycles());
        List<CycleRow> rows = new java.util.ArrayList<>();
        for (int cycle = completed + 1; cycle <= request.targetCycles(); cycle++) {
            rows.add(new OneCycle(request, store, cycle).run());
        }
        return rows;
    }

    /**
     * Reads every stage's settings and checks the network against the game's frames, so that an impossible
     * setting stops the run now, with the key named, not after an hour of collecting.
     *
     * @throws UserError naming the key
     */
    public static void checkBeforeAnyStage(CycleRequest request) {
        Settings s = request.settings();
        CycleSettings.from(s);
        CollectSettings collect = CollectSettings.from(s);
        TrainSettings train = TrainSettings.from(s);
        EvaluateSettings.from(s);
        try (Environment environment = request.game().open(collect.environment(), 0)) {
            QNetworks.checkFits(train.architecture(), environment.frameShape());
            ReplayMemoryEstimate.of(train.replaySize(), train.replayFrames(), environment.frameShape().bytes()).check();
        }
    }

    /** Completed cycles, checked to be 1..n without a gap (anything else is not this job's doing). */
    private static int completedCycles(RunStore store) {
        List<Integer> cycles = store.committedCycles();
        for (int i = 0; i < cycles.size(); i++) {
            if (cycles.get(i) != i + 1) {
                throw new UserError("Damaged run: " + store.layout().cycles() + " holds cycles " + cycles
                        + ", not 1.." + cycles.size() + ". Move the stray cycle=<c> directories out and run again.");
            }
        }
        return cycles.size();
    }

    /** One cycle's three stages and its row. */
    private final class OneCycle {
        private final CycleRequest request;
        private final RunStore store;
        private final int cycle;
        private final CycleJournal journal;
        private final CycleSettings settings;
        private final long startNanos = System.nanoTime();

        OneCycle(CycleRequest request, RunStore store, int cycle) {
            this.request = request;
            this.store = store;
            this.cycle = cycle;
            this.journal = new CycleJournal(store);
            this.settings = CycleSettings.from(request.settings());
        }

        CycleRow run() {
            Properties collect = journal.done(cycle, Stage.COLLECT).orElseGet(this::collect);
            Properties train = journal.done(cycle, Stage.TRAIN).orElseGet(() -> train(collect));
            Properties evaluate = journal.done(cycle, Stage.EVALUATE).orElseGet(() -> evaluate(train));
            CycleRow row = new CycleRow(request.run().run(), cycle, integer(collect, "iteration"),
                    number(collect, "collected_agent_steps"), number(collect, "agent_steps"), real(collect, "epsilon"),
                    collect.getProperty("policy"), number(collect, "episodes"), optionalReal(collect, "mean_return"),
                    number(train, "updates"), number(train, "total_updates"), integer(train, "epoch"),
                    optionalReal(train, "loss"), integer(evaluate, "evaluation"), integer(evaluate, "games"),
                    real(evaluate, "score"), optionalReal(evaluate, "random_score"), real(collect, "seconds"),
                    real(train, "seconds"), real(evaluate, "seconds"), Instant.now().toString());
            writeRow(row);
            out.printf("cycle %d/%d: complete: %,d agent steps in all, snapshot %s, evaluation score %.2f"
                            + " (%.0f s this invocation)%n", cycle, request.targetCycles(), row.agentSteps(),
                    SnapshotStore.epochName(row.epoch()), row.evaluationScore(),
                    (System.nanoTime() - startNanos) / 1e9);
            return row;
        }

        private Properties collect() {
            store.recoverInterruptedCommits().forEach(line -> out.println("cycle: " + line));
            Optional<Properties> interrupted = journal.started(cycle, Stage.COLLECT);
            interrupted.ifPresent(p -> {
                announceRedo(Stage.COLLECT);
                store.discardIterationsFrom(integer(p, "iteration"));
            });
            int iteration = store.nextIteration();
            // The schedule and the replay start count what collects played, never a person's recorded play.
            long before = StoreTables.collectedAgentSteps(spark, store);
            PlayingPolicy policy = PlayingPolicy.newestSnapshotOrRandom(store);
            // Random play fills the replay memory up to its start size before the first snapshot.
            long extra = policy instanceof PlayingPolicy.Random ? settings.updates().replayStartStillNeeded(before) : 0;
            long steps = settings.agentSteps() + extra;
            double epsilon = policy.epsilon(settings.exploration().at(before));
            if (interrupted.isEmpty()) {
                journal.markStarted(cycle, Stage.COLLECT, Map.of("iteration", iteration));
            }
            announce(Stage.COLLECT, String.format("%,d agent steps (%s) with %s at epsilon %.3f, after %,d agent steps",
                    steps, extra > 0 ? String.format("%,d of them the random replay start", extra) : "the cycle's share",
                    policy.name(), epsilon, before));
            CollectSettings collect = CollectSettings.from(request.settings()).withAgentSteps(steps);
            long start = System.nanoTime();
            CollectReport report = new CollectJob(spark, out).run(new CollectRequest(request.game(), request.run(),
                    policy, collect, request.settings()));
            Map<String, Object> done = new LinkedHashMap<>();
            done.put("iteration", report.iteration());
            done.put("collected_agent_steps", report.agentSteps());
            done.put("trained_agent_steps", report.agentSteps() - extra);
            done.put("agent_steps", before + report.agentSteps());
            done.put("epsilon", epsilon);
            done.put("policy", policy.name());
            done.put("episodes", report.episodes());
            done.put("mean_return", report.meanReturn());
            done.put("seconds", (System.nanoTime() - start) / 1e9);
            return finish(Stage.COLLECT, done);
        }

        private Properties train(Properties collect) {
            store.recoverInterruptedCommits().forEach(line -> out.println("cycle: " + line));
            SnapshotStore snapshots = new SnapshotStore(store);
            Optional<Properties> interrupted = journal.started(cycle, Stage.TRAIN);
            int epochBefore = interrupted.map(p -> integer(p, "epoch_before"))
                    .orElseGet(() -> snapshots.latestEpoch().orElse(0));
            if (interrupted.isPresent()) {
                announceRedo(Stage.TRAIN);
                snapshots.discardAfter(epochBefore);
            } else {
                journal.markStarted(cycle, Stage.TRAIN, Map.of("epoch_before", epochBefore));
            }
            long updates = settings.updates().updatesFor(number(collect, "trained_agent_steps"));
            TrainSettings train = TrainSettings.from(request.settings());
            announce(Stage.TRAIN, String.format("%,d updates (one per %d new agent steps) over the newest %,d transitions",
                    updates, settings.updates().updateFrequency(), train.replaySize()));
            long start = System.nanoTime();
            TrainReport report = new TrainJob(spark, out).run(new TrainRequest(request.run(), updates, train,
                    request.settings()));
            Map<String, Object> done = new LinkedHashMap<>();
            done.put("epoch", report.lastEpoch());
            done.put("updates", report.updates());
            done.put("total_updates", report.totalUpdates());
            done.put("loss", report.meanLoss());
            done.put("seconds", (System.nanoTime() - start) / 1e9);
            return finish(Stage.TRAIN, done);
        }

        private Properties evaluate(Properties train) {
            store.recoverInterruptedCommits().forEach(line -> out.println("cycle: " + line));
            Optional<Properties> interrupted = journal.started(cycle, Stage.EVALUATE);
            interrupted.ifPresent(p -> {
                announceRedo(Stage.EVALUATE);
                store.discardEvaluationsFrom(integer(p, "evaluation"));
            });
            int evaluation = store.nextEvaluation();
            if (interrupted.isEmpty()) {
                journal.markStarted(cycle, Stage.EVALUATE, Map.of("evaluation", evaluation));
            }
            int epoch = integer(train, "epoch");
            EvaluateSettings evaluate = EvaluateSettings.from(request.settings());
            announce(Stage.EVALUATE, String.format("snapshot %s over %d games at epsilon %.2f",
                    SnapshotStore.epochName(epoch), evaluate.games(), evaluate.epsilon()));
            long start = System.nanoTime();
            EvaluateReport report = new EvaluateJob(spark, out).run(new EvaluateRequest(request.run(),
                    PlayingPolicy.ofEpoch(epoch, store), Optional.of(request.game()), false, evaluate));
            Map<String, Object> done = new LinkedHashMap<>();
            done.put("evaluation", report.evaluation());
            done.put("games", report.summary().games());
            done.put("score", report.summary().mean());
            // The baseline every Atari table reports, under the same protocol: scored once per run, here.
            double randomScore = cycle == 1 ? new EvaluateJob(spark, out).run(new EvaluateRequest(request.run(),
                    new PlayingPolicy.Random(), Optional.of(request.game()), false, evaluate)).summary().mean()
                    : journal.done(1, Stage.EVALUATE).map(p -> real(p, "random_score")).orElse(Double.NaN);
            done.put("random_score", randomScore);
            done.put("seconds", (System.nanoTime() - start) / 1e9);
            return finish(Stage.EVALUATE, done);
        }

        private Properties finish(Stage stage, Map<String, Object> done) {
            journal.markDone(cycle, stage, done);
            out.printf("cycle %d/%d: %s done in %.1f s%n", cycle, request.targetCycles(), stage.fileName(),
                    ((Number) done.get("seconds")).doubleValue());
            return journal.done(cycle, stage).orElseThrow();
        }

        private void announce(Stage stage, String what) {
            out.printf("cycle %d/%d: stage %d/3 %s: %s%n", cycle, request.targetCycles(), stage.ordinal() + 1,
                    stage.fileName(), what);
        }

        private void announceRedo(Stage stage) {
            out.printf("cycle %d/%d: the %s stage was interrupted; discarding what it committed and running it"
                    + " again%n", cycle, request.targetCycles(), stage.fileName());
        }

        private void writeRow(CycleRow row) {
            store.recoverInterruptedCommits().forEach(line -> out.println("cycle: " + line));
            try (StagedCommit commit = store.beginCommit("cycle")) {
                Path staged = commit.stage("cycle");
                spark.createDataFrame(List.of(row.toFileRow()), CycleTable.FILE_SCHEMA).coalesce(1).write()
                        .mode(SaveMode.ErrorIfExists).parquet(staged.toString());
                commit.renameAsCommitPoint(staged, request.run().cycles(cycle)).commit();
            }
        }
    }

    private static int integer(Properties p, String key) {
        return Integer.parseInt(p.getProperty(key));
    }

    private static long number(Properties p, String key) {
        return Long.parseLong(p.getProperty(key));
    }

    private static double real(Properties p, String key) {
        return Double.parseDouble(p.getProperty(key));
    }

    private static Double optionalReal(Properties p, String key) {
        double value = real(p, key);
        return Double.isNaN(value) ? null : value;
    }
}
