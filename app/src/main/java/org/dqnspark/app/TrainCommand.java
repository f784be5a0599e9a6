package org.dqnspark.app;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.spark.SparkSessions;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.trainer.TrainJob;
import org.dqnspark.trainer.TrainReport;
import org.dqnspark.trainer.TrainRequest;
import org.dqnspark.trainer.TrainSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dqn train}: fit the run's Q-network on its replay window and write snapshots. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains the run's Q-network (Nature DQN) on the newest transitions of its store and writes"
                + " a snapshot and a training-table row after every epoch and at the end.",
                "Resumes from the run's newest snapshot, if it has one."})
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--updates", paramLabel = "N",
            description = "Parameter updates to do (default: one epoch, dqn.train.updates-per-epoch).")
    Long updates;

    @Mixin
    JobOptions job;

    @Override
    public Integer call() {
        Settings settings = job.settingsOfRun(List.of());
        TrainSettings train = TrainSettings.from(settings);
        if (updates != null && updates <= 0) {
            throw new org.dqnspark.core.UserError("--updates must be positive, got " + updates + ".");
        }
        long n = updates != null ? updates : train.updatesPerEpoch();
        TrainRequest request = new TrainRequest(RunLayout.of(job.store, job.run), n, train, settings);
        SparkSession spark = SparkSessions.create("dqn train " + job.run, settings.getString("dqn.spark.master"));
        try {
            TrainReport report = new TrainJob(spark, System.out).run(request);
            System.out.printf("train: done: %,d updates (%,d in all), %.1f updates/s, mean loss %.4f, meanq %.4f,"
                            + " snapshots epoch %d..%d%n", report.updates(), report.totalUpdates(),
                    report.updatesPerSecond(), report.meanLoss(), report.meanQ(), report.firstEpoch(),
                    report.lastEpoch());
        } finally {
            spark.stop();
        }
        return 0;
    }
}
