package org.dqnspark.bench;

import static org.dqnspark.core.Statistics.median;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.Game;
import org.dqnspark.core.env.Games;
import org.dqnspark.core.network.StateShape;
import org.dqnspark.core.spark.SparkSessions;
import org.dqnspark.core.spark.TaskThreads;
import org.dqnspark.core.store.GameRecord;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.trainer.TrainSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * bench/minatar.sh: the README's MinAtar training against PyTorch's, side by side in one run. Each round
 * measures, one after the other: our MinAtar update (target forward, labels, DL4J's fit) on 1 thread and on
 * all cores, PyTorch's (bench/torch_minatar_update.py, MinAtar's own dqn.py) on 1 and on 2 threads, the train
 * job's time per update on a MinAtar Breakout run, and the policy's batch-1 forward, ours and PyTorch's. Round 0
 * warms up and is not counted; figures are medians over rounds, ratios medians of each round's ratio (the two
 * sides measured minutes apart at most). PyTorch's faster thread count is its figure, and so is ours.
 */
@Command(name = "MinAtarBenchmark", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "The MinAtar update, train job and batch-1 forward against PyTorch's.")
public final class MinAtarBenchmark implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "STORE_DIR", description = "A scratch store for the train job's run.")
    Path store;
    @Parameters(index = "1", paramLabel = "TORCH_SCRIPT", description = "bench/torch_minatar_update.py")
    Path torchScript;
    @Parameters(index = "2", paramLabel = "CONF", description = "The README's first command's conf (conf/minatar-quick.conf).")
    Path conf;
    @Option(names = "--game", defaultValue = "minatar:breakout")
    String gameName;
    @Option(names = "--rounds", defaultValue = "3", description = "Counted rounds, after one that warms up.")
    int rounds;
    @Option(names = "--updates", defaultValue = "500", description = "Timed updates per round (ours and PyTorch's).")
    int updates;
    @Option(names = "--job-updates", defaultValue = "4000", description = "The train job's updates per round.")
    int jobUpdates;

    /** What one round measured, in milliseconds. */
    record Round(double update1, double updateAll, double torch1, double torch2, double job, double forward1,
                 double torchForward1) {
        double torchBest() {
            return Math.min(torch1, torch2);
        }

        double oursBest() {
            return Math.min(update1, updateAll);
        }

        double jobVsTorch() {
            return job / torchBest();
        }

        double updateVsTorch() {
            return oursBest() / torchBest();
        }

        double forwardVsTorch() {
            return forward1 / torchForward1;
        }

        double jobVsUpdate() {
            return job / oursBest();
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new MinAtarBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        int cores = TaskThreads.executorCores(null);
        Game game = Games.builtIn(gameName);
        System.out.printf("minatar: %s, conf %s, %d cores; native settings %s%n", gameName, conf, cores,
                ComputeBenchmark.nativeSettingsInEffect());
        SparkSession spark = SparkSessions.create("bench minatar", "local[" + cores + "]");
        BenchJobs.collectRunToTrainOn(spark, game, store, Optional.of(conf));
        GameRecord recorded = new RunStore(RunLayout.of(store.toString(), BenchJobs.TRAIN_RUN), new Configuration())
                .game().orElseThrow();
        TrainSettings settings = TrainSettings.from(Settings.load(Optional.of(conf), List.of(),
                Optional.of(game.family())));
        StateShape shape = new StateShape(recorded.frameShape(), settings.historyLength());
        MinAtarUpdateTimer timer = new MinAtarUpdateTimer(settings, shape, recorded.actions());
        System.out.printf("minatar: network %s, input %d x %d x %d, %d actions, batch %d%n", settings.architecture(),
                shape.channels(), shape.frame().height(), shape.frame().width(), recorded.actions(),
                settings.batchSize());

        List<Round> counted = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            TaskThreads.use(1);
            double update1 = timer.medianUpdateSeconds(updates);
            double forward1 = timer.medianForwardSeconds(5 * updates);
            TaskThreads.use(cores);
            double updateAll = timer.medianUpdateSeconds(updates);
            TorchPeer.MinAtar torch1 = TorchPeer.minAtar(torchScript, 1, updates, settings.batchSize(),
                    shape.channels(), recorded.actions());
            TorchPeer.MinAtar torch2 = TorchPeer.minAtar(torchScript, 2, updates, settings.batchSize(),
                    shape.channels(), recorded.actions());
            double job = BenchJobs.trainJob(spark, store, jobUpdates, Optional.of(conf), game.family())
                    .secondsPerUpdateBetweenEpochEnds();
            Round r = new Round(1e3 * update1, 1e3 * updateAll, torch1.updateMs(), torch2.updateMs(), 1e3 * job,
                    1e3 * forward1, Math.min(torch1.forward1Ms(), torch2.forward1Ms()));
            System.out.printf("round %d%s: update %.3f ms on 1 thread, %.3f on %d | torch %.3f ms on 1, %.3f on 2 |"
                            + " train job %.3f ms per update (%.0f/s) | forward batch 1 %.4f ms, torch %.4f ms%n", round,
                    round == 0 ? " (warm-up)" : "", r.update1(), r.updateAll(), cores, r.torch1(), r.torch2(), r.job(),
                    1e3 / r.job(), r.forward1(), r.torchForward1());
            if (round > 0) {
                counted.add(r);
            }
        }
        spark.stop();
        print(counted, cores);
        return 0;
    }

    private void print(List<Round> counted, int cores) {
        double update1 = median(counted, Round::update1);
        double updateAll = median(counted, Round::updateAll);
        double torch1 = median(counted, Round::torch1);
        double torch2 = median(counted, Round::torch2);
        double torch = median(counted, Round::torchBest);
        double job = median(counted, Round::job);
        double forward1 = median(counted, Round::forward1);
        double torchForward1 = median(counted, Round::torchForward1);
        System.out.printf("%nmedians over %d rounds:%n", counted.size());
        System.out.printf("  our update, 1 thread / %d threads        %7.3f / %.3f ms%n", cores, update1, updateAll);
        System.out.printf("  PyTorch's update, 1 thread / 2 threads   %7.3f / %.3f ms%n", torch1, torch2);
        System.out.printf("  train job, per update                    %7.3f ms (%.0f updates/s; PyTorch's best: %.0f/s)%n",
                job, 1e3 / job, 1e3 / torch);
        System.out.printf("  policy forward, batch 1                  %7.4f ms (PyTorch's %.4f ms)%n", forward1,
                torchForward1);
        System.out.printf("minatar_job_vs_torch=%.2f minatar_update_vs_torch=%.2f forward1_vs_torch=%.2f"
                        + " job_ms=%.3f job_updates_per_s=%.0f update_ms_1t=%.3f update_ms_%dt=%.3f torch_ms_1t=%.3f"
                        + " torch_ms_2t=%.3f forward1_ms=%.4f torch_forward1_ms=%.4f job_vs_update=%.2f%n",
                median(counted, Round::jobVsTorch), median(counted, Round::updateVsTorch),
                median(counted, Round::forwardVsTorch), job, 1e3 / job, update1, cores, updateAll, torch1, torch2, forward1,
                torchForward1, median(counted, Round::jobVsUpdate));
    }
}
