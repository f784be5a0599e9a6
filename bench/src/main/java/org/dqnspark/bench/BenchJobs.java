package org.dqnspark.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.collector.CollectJob;
import org.dqnspark.collector.CollectReport;
import org.dqnspark.collector.CollectRequest;
import org.dqnspark.collector.CollectSettings;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.Game;
import org.dqnspark.core.env.Games;
import org.dqnspark.core.env.RomFile;
import org.dqnspark.core.policy.PlayingPolicy;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.trainer.TrainJob;
import org.dqnspark.trainer.TrainReport;
import org.dqnspark.trainer.TrainRequest;
import org.dqnspark.trainer.TrainSettings;

/** The real collect and train jobs, run as the benchmarks measure them: quietly, into a scratch store. */
final class BenchJobs {
    /** The run the train job is measured on. */
    static final String TRAIN_RUN = "bench";

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private BenchJobs() {
    }

    /** A collect job with the random policy into the run {@code run} of {@code store}. */
    static CollectReport randomCollect(SparkSession spark, Game game, Path store, String run, Settings settings) {
        return new CollectJob(spark, QUIET).run(new CollectRequest(game, RunLayout.of(store.toString(), run),
                new PlayingPolicy.Random(), CollectSettings.from(settings), settings));
    }

    /** The run {@value #TRAIN_RUN} in {@code store}: 4,000 random agent steps, enough for a train job to sample. */
    static void collectRunToTrainOn(SparkSession spark, Path rom, Path store) {
        collectRunToTrainOn(spark, RomFile.load(rom), store, Optional.empty());
    }

    /** The run {@value #TRAIN_RUN} in {@code store}: 4,000 random agent steps of {@code game} under {@code conf}. */
    static void collectRunToTrainOn(SparkSession spark, Game game, Path store, Optional<Path> conf) {
        Settings collect = Settings.load(conf, List.of("dqn.collect.agent-steps=4000",
                "dqn.collect.progress-interval=1h"), Optional.of(game.family()));
        randomCollect(spark, game, store, TRAIN_RUN, collect);
    }

    /**
     * Seconds per update of a train job of {@code updates} updates on the run {@value #TRAIN_RUN}, in Spark
     * fits of the default {@code dqn.train.updates-per-fit} (2,500), as a real train job runs: each fit has a
     * fixed cost (DL4J's parameter-averaging round trip, the first minibatches' labels), so fewer updates per fit
     * would measure that cost rather than the update (20 per fit made the job look 2.8x slower than its update).
     * The job's one snapshot, at its end, is not counted: a real run writes one per 62,500 updates.
     */
    static double trainJobSecondsPerUpdate(SparkSession spark, Path store, int updates) {
        return trainJob(spark, store, updates, Optional.empty(), Games.ATARI_FAMILY).secondsPerUpdateBetweenEpochEnds();
    }

    /** The report of a train job as {@link #trainJobSecondsPerUpdate(SparkSession, Path, int)} runs it, under {@code conf}. */
    static TrainReport trainJob(SparkSession spark, Path store, int updates, Optional<Path> conf, String family) {
        return trainJob(spark, store, updates, conf, family, TrainSettings.from(Settings.load(conf, List.of(),
                Optional.of(family))).updatesPerFit());
    }

    /** {@link #trainJob(SparkSession, Path, int, Optional, String)} in fits of {@code updatesPerFit} updates. */
    static TrainReport trainJob(SparkSession spark, Path store, int updates, Optional<Path> conf, String family,
                                int updatesPerFit) {
        int perFit = Math.min(updates, updatesPerFit);
        Settings settings = Settings.load(conf, List.of("dqn.train.updates-per-fit=" + perFit,
                "dqn.train.held-out-states=32", "dqn.train.updates-per-epoch=1000000"), Optional.of(family));
        TrainReport report = new TrainJob(spark, QUIET).run(new TrainRequest(
                RunLayout.of(store.toString(), TRAIN_RUN), updates, TrainSettings.from(settings), settings));
        return report;
    }
}
