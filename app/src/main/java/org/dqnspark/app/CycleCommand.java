package org.dqnspark.app;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.app.cycle.CycleJob;
import org.dqnspark.app.cycle.CycleRequest;
import org.dqnspark.core.UserError;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.Game;
import org.dqnspark.core.spark.SparkSessions;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.core.store.StoreTables;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dqn cycle}: the main job, collect-train-evaluate cycles that resume where they stopped. */
@Command(name = "cycle", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs collect -> train -> evaluate cycles on a run: collect with the newest snapshot (the"
                + " random policy before the first) at Nature's epsilon schedule, train one update per 4 new agent"
                + " steps, score the new snapshot, and add a row to the run's cycles table.",
                "Killed at any moment, the same command continues from the last completed stage.",
                "Sizes are settings (dqn.cycle.*, conf/reference.conf); try --conf conf/smoke.conf first."})
public final class CycleCommand implements Callable<Integer> {
    @Mixin
    GameOptions game;

    @ArgGroup(exclusive = true)
    Count count;

    static final class Count {
        @Option(names = "--cycles", paramLabel = "N",
                description = "Run until the run has N completed cycles in all (nothing to do if it has).")
        Integer cycles;

        @Option(names = "--more", paramLabel = "K",
                description = "Run K cycles beyond those already completed (the default: --more 1).")
        Integer more;
    }

    @Mixin
    JobOptions job;

    @Override
    public Integer call() {
        Game named = game.required();
        Settings settings = job.settings(List.of(), named);
        RunLayout layout = job.layout();
        if (count != null && count.cycles != null && count.cycles <= 0) {
            throw new UserError("--cycles must be positive, got " + count.cycles + ".");
        }
        if (count != null && count.more != null && count.more <= 0) {
            throw new UserError("--more must be positive, got " + count.more + ".");
        }
        SparkSession spark = SparkSessions.create("dqn cycle " + job.run, settings.getString("dqn.spark.master"));
        try {
            int target = count != null && count.cycles != null ? count.cycles
                    : new RunStore(layout, spark.sparkContext().hadoopConfiguration()).committedCycles().size()
                            + (count != null && count.more != null ? count.more : 1);
            CycleRequest request = new CycleRequest(named, layout, target, settings);
            // Checked before the lock, which creates the run's directory: a bad setting writes nothing.
            CycleJob.checkBeforeAnyStage(request);
            try (RunLock lock = job.lockRun("dqn cycle")) {
                new CycleJob(spark, System.out).run(request);
            }
            printCycles(spark, layout);
        } finally {
            spark.stop();
        }
        return 0;
    }

    /** The run's cycles table, the loop's learning curve: what the README's first command ends with. */
    private static void printCycles(SparkSession spark, RunLayout run) {
        StoreTables.register(spark, run.store().toString());
        System.out.println("cycles of run " + run.run() + " (dqn sql \"SELECT * FROM cycles\" shows every column):");
        new ResultPrinter(new PrintWriter(System.out, true)).print(spark.sql(
                "SELECT cycle, agent_steps, round(epsilon, 3) AS epsilon, policy, total_updates AS updates, snapshot,"
                        + " evaluation_games AS games, round(evaluation_score, 2) AS score,"
                        + " round(random_score, 2) AS random,"
                        + " round(collect_seconds + train_seconds + evaluate_seconds, 1) AS seconds"
                        + " FROM cycles WHERE run = '" + run.run() + "' ORDER BY cycle"), ResultPrinter.Format.table);
    }
}
