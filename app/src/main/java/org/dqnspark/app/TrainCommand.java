package org.dqnspark.app;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.core.UserError;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.spark.SparkSessions;
import org.dqnspark.core.store.GameRecord;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.core.store.SnapshotStore;
import org.dqnspark.core.store.StoreTables;
import org.dqnspark.trainer.TrainJob;
import org.dqnspark.trainer.TrainReport;
import org.dqnspark.trainer.TrainRequest;
import org.dqnspark.trainer.TrainSettings;
import org.dqnspark.trainer.UpdateSchedule;
import org.dqnspark.trainer.replay.ReplayMemoryEstimate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dqn train}: fit the run's Q-network on its replay window and write snapshots. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains the run's Q-network (Nature DQN) on the newest transitions of its store and writes"
                + " a snapshot and a training-table row after every epoch and at the end.",
                "Resumes from the run's newest snapshot, if it has one. With --pretrain, learns from the run's"
                        + " demonstrations alone first (Deep Q-learning from Demonstrations)."})
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--updates", paramLabel = "N", description = "Parameter updates to do (default: those the"
            + " run's agent steps call for and it has not done: one per dqn.train.update-frequency agent steps"
            + " beyond dqn.train.replay-start-size).")
    Long updates;

    @Option(names = "--pretrain", description = "Deep Q-learning from Demonstrations' pre-training (Hester et al."
            + " 2018): dqn.demonstrations.pretrain-updates updates (or --updates) on the run's demonstrations alone"
            + " (its source = human transitions, from dqn import or dqn play), with DQfD's loss. Continue with"
            + " dqn cycle and dqn.demonstrations.enabled = true (conf/dqfd.conf).")
    boolean pretrain;

    @Mixin
    JobOptions job;

    @Override
    public Integer call() {
        Settings settings = job.settingsOfRun(List.of());
        TrainSettings train = TrainSettings.from(settings);
        UpdateSchedule schedule = UpdateSchedule.from(settings);
        if (updates != null && updates <= 0) {
            throw new UserError("--updates must be positive, got " + updates + ".");
        }
        RunLayout layout = job.layout();
        GameRecord game = new RunStore(layout, new Configuration()).game().orElseThrow(() -> new UserError("Run '"
                + job.run + "' in " + job.store + " has no data yet. Collect first: dqn collect --run " + job.run
                + " ..."));
        ReplayMemoryEstimate.of(train.replaySize(), train.replayFrames(), game.frameShape().bytes()).check();
        SparkSession spark = SparkSessions.create("dqn train " + job.run, settings.getString("dqn.spark.master"));
        try (RunLock lock = job.lockRun("dqn train")) {
            long n = pretrain ? (updates != null ? updates : train.demonstrations().pretrainUpdates())
                    : updatesToDo(spark, new RunStore(layout, spark.sparkContext().hadoopConfiguration()), schedule);
            if (n == 0) {
                return 0;
            }
            TrainReport report = new TrainJob(spark, System.out).run(new TrainRequest(layout, n, train, settings,
                    pretrain));
            System.out.printf("train: done: %,d updates (%,d in all), %.1f updates/s, mean loss %.4f, meanq %.4f,"
                            + " snapshots epoch %d..%d%n", report.updates(), report.totalUpdates(),
                    report.updatesPerSecond(), report.meanLoss(), report.meanQ(), report.firstEpoch(),
                    report.lastEpoch());
        } finally {
            spark.stop();
        }
        return 0;
    }

    /**
     * --updates, or the updates the run's agent steps call for under Nature's replay start and update
     * frequency; a run short of its replay start is refused (learning has not started).
     */
    private long updatesToDo(SparkSession spark, RunStore store, UpdateSchedule schedule) {
        // As in a cycle: the replay start and the updates owed count what collects played, not a person's play.
        long agentSteps = StoreTables.collectedAgentSteps(spark, store);
        if (agentSteps < schedule.replayStartSize()) {
            throw new UserError(String.format("Run '%s' has %,d agent steps, fewer than dqn.train.replay-start-size"
                    + " (%,d): learning starts after the replay start.%nCollect %,d more (dqn collect --policy random"
                    + " --agent-steps N), or lower dqn.train.replay-start-size.", job.run, agentSteps,
                    schedule.replayStartSize(), schedule.replayStartSize() - agentSteps));
        }
        if (updates != null) {
            return updates;
        }
        SnapshotStore snapshots = new SnapshotStore(store);
        long done = snapshots.latestEpoch().map(e -> SnapshotStore.readCounters(store.qualified(snapshots.path(e)),
                spark.sparkContext().hadoopConfiguration()).updates()).orElse(0L);
        long owed = schedule.updatesOwed(agentSteps, done);
        System.out.printf("train: %,d updates to do: (%,d agent steps - %,d replay start) / %d agent steps per update"
                        + " - %,d done%s%n", owed, agentSteps, schedule.replayStartSize(), schedule.updateFrequency(),
                done, owed == 0 ? "; nothing to do until the run collects more (or pass --updates N)" : "");
        return owed;
    }
}
