package org.dqnspark.bench;

import static org.dqnspark.core.Statistics.median;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.core.env.Games;
import org.dqnspark.core.spark.JvmProperties;
import org.dqnspark.core.spark.SparkSessions;
import org.dqnspark.core.spark.TaskThreads;
import org.dqnspark.trainer.TrainReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * bench/compute.sh: the Nature network's compute against the machine's limit and against PyTorch, side by
 * side in one run. Each round measures, one after the other: the roofline (the best 2048 x 2048 float
 * {@code Nd4j.gemm}), PyTorch's full DQN update (bench/torch_dqn_update.py, same thread count), ours right
 * before and right after the train job's updates (their mean is our update's figure), and policy forwards of
 * batch 1 and of batch K (one state per actor). Round 0 warms up and is not counted; figures are medians over
 * rounds, ratios medians of each round's ratio.
 */
@Command(name = "ComputeBenchmark", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "The DQN update's FLOP/s against the gemm roofline and PyTorch; the train job; policy forwards.")
public final class ComputeBenchmark implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ROM")
    Path rom;
    @Parameters(index = "1", paramLabel = "STORE_DIR", description = "A scratch store for the train job's run.")
    Path store;
    @Parameters(index = "2", paramLabel = "TORCH_SCRIPT", description = "bench/torch_dqn_update.py")
    Path torchScript;
    @Option(names = "--rounds", defaultValue = "3", description = "Counted rounds, after one that warms up.")
    int rounds;
    @Option(names = "--updates", defaultValue = "20", description = "Timed updates per round (ours and PyTorch's).")
    int updates;
    @Option(names = "--job-updates", defaultValue = "2500", description = "The train job's updates per round (one fit of the default dqn.train.updates-per-fit).")
    int jobUpdates;
    @Option(names = "--actors", defaultValue = "2", description = "K, the batch of the stacked policy forward.")
    int actors;
    @Option(names = "--updates-per-fit", description = "The train job's dqn.train.updates-per-fit (default: the"
            + " conf's, 2,500): longer fits share DL4J's per-fit round trip among more updates.")
    Integer updatesPerFit;

    /** What one round measured, in seconds (the roofline in GFLOP/s). */
    record Round(double rooflineGflops, double update, double torch, double jobUpdate, double forward1,
                 double forwardK, double updateCpu, double jobCpu, double samplingCpu) {
        /** The job's CPU seconds per update beyond the update's own: sampling, Spark's and DL4J's plumbing. */
        double jobOverheadCpu() {
            return jobCpu - updateCpu;
        }

        double torchRatio() {
            return update / torch;
        }

        double jobVsUpdate() {
            return jobUpdate / update;
        }
    }

    /** Minibatches the sampling timer draws per round (after a fifth as many to warm up). */
    private static final int SAMPLED_MINIBATCHES = 400;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ComputeBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        int threads = TaskThreads.executorCores(null);
        System.out.printf("compute: %d threads (ND4J and torch.set_num_threads), native settings %s%n", threads,
                nativeSettingsInEffect());
        SparkSession spark = SparkSessions.create("bench compute", "local[" + threads + "]");
        BenchJobs.collectRunToTrainOn(spark, rom, store);
        DqnUpdateTimer timer = new DqnUpdateTimer();

        List<Round> counted = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            double roofline = Roofline.gemmGflops();
            double torch = TorchPeer.updateSeconds(new ProcessBuilder(), torchScript, threads, updates);
            // The update right before and right after the job, so that a slow spell of this shared machine
            // weighs on both sides of job_vs_update alike.
            double before = timer.medianUpdateSeconds(updates);
            double cpuBefore = timer.cpuSecondsPerUpdateAsTheJobArrangesIt(updates);
            TrainReport job = updatesPerFit == null
                    ? BenchJobs.trainJob(spark, store, jobUpdates, Optional.empty(), Games.ATARI_FAMILY)
                    : BenchJobs.trainJob(spark, store, jobUpdates, Optional.empty(), Games.ATARI_FAMILY, updatesPerFit);
            double update = (before + timer.medianUpdateSeconds(updates)) / 2;
            double updateCpu = (cpuBefore + timer.cpuSecondsPerUpdateAsTheJobArrangesIt(updates)) / 2;
            Round r = new Round(roofline, update, torch, job.secondsPerUpdateBetweenEpochEnds(),
                    timer.medianForwardSeconds(1, 5 * updates), timer.medianForwardSeconds(actors, 5 * updates),
                    updateCpu, job.cpuSecondsPerUpdateBetweenEpochEnds(),
                    SamplingTimer.cpuSecondsPerMinibatch(spark, store, SAMPLED_MINIBATCHES));
            System.out.printf("round %d%s: roofline %.1f GFLOP/s | update %.1f ms | torch %.1f ms | train job %.2f"
                    + " updates/s | forward batch 1 %.2f ms, batch %d %.2f ms | CPU per update: update %.1f ms, job %.1f"
                    + " ms | sampling %.2f ms CPU per minibatch%n", round, round == 0 ? " (warm-up)" : "",
                    r.rooflineGflops(), 1e3 * r.update(), 1e3 * r.torch(), 1 / r.jobUpdate(), 1e3 * r.forward1(),
                    actors, 1e3 * r.forwardK(), 1e3 * r.updateCpu(), 1e3 * r.jobCpu(), 1e3 * r.samplingCpu());
            if (round > 0) {
                counted.add(r);
            }
        }
        spark.stop();
        printMedians(counted, threads);
        return 0;
    }

    private void printMedians(List<Round> counted, int threads) {
        double updateFlops = Roofline.updateFlops(DqnUpdateTimer.BATCH, DqnUpdateTimer.ACTIONS);
        double forwardFlops = Roofline.forwardFlops(DqnUpdateTimer.ACTIONS);
        double roofline = median(counted, Round::rooflineGflops);
        double ours = median(counted, Round::update);
        double torch = median(counted, Round::torch);
        double job = median(counted, Round::jobUpdate);
        double single = median(counted, Round::forward1);
        double stacked = median(counted, Round::forwardK);
        double updateGflops = updateFlops / ours / 1e9;
        double jobGflops = updateFlops / job / 1e9;
        double singleGflops = forwardFlops / single / 1e9;
        double stackedGflops = actors * forwardFlops / stacked / 1e9;
        System.out.printf("%nmedians over %d rounds (Nature network, %d actions, batch %d, %d threads; %.2f GFLOP"
                + " per update):%n", rounds, DqnUpdateTimer.ACTIONS, DqnUpdateTimer.BATCH, threads, updateFlops / 1e9);
        System.out.printf("  roofline: Nd4j.gemm 2048^2 floats, best of 5  %8.1f GFLOP/s%n", roofline);
        System.out.printf("  our DQN update                          %8.2f ms  %7.1f GFLOP/s  %.3f of roofline%n",
                1e3 * ours, updateGflops, updateGflops / roofline);
        System.out.printf("  PyTorch's DQN update (same threads)     %8.2f ms  %7.1f GFLOP/s  %.3f of roofline%n",
                1e3 * torch, updateFlops / torch / 1e9, updateFlops / torch / 1e9 / roofline);
        System.out.printf("  train job update (Spark, sampling)      %8.2f ms  %7.1f GFLOP/s  %.3f of roofline"
                + "  (%.2f updates/s)%n", 1e3 * job, jobGflops, jobGflops / roofline, 1 / job);
        double overheadCpu = median(counted, Round::jobOverheadCpu);
        System.out.printf("  train job / full update                 %8.2f%n", median(counted, Round::jobVsUpdate));
        double sampling = median(counted, Round::samplingCpu);
        System.out.printf("  CPU per update: update %.1f ms (its target forward on one thread, the fit on %d, as in the"
                        + " job), job %.1f ms: %.2f ms beyond the update's own arithmetic (sampling, Spark, DL4J, GC)%n",
                1e3 * median(counted, Round::updateCpu), threads, 1e3 * median(counted, Round::jobCpu),
                1e3 * overheadCpu);
        System.out.printf("  sampling alone (the labelling thread)   %8.2f ms CPU per minibatch: off the update's critical"
                + " path, but a GPU executor's CPU still does it: one labelling thread caps it at %.0f updates/s%n",
                1e3 * sampling, 1 / sampling);
        System.out.printf("  policy forward, batch 1                 %8.2f ms  %7.1f GFLOP/s  %.3f of roofline%n",
                1e3 * single, singleGflops, singleGflops / roofline);
        System.out.printf("  policy forward, batch %-2d (one per actor) %7.2f ms  %7.1f GFLOP/s  %.3f of roofline%n",
                actors, 1e3 * stacked, stackedGflops, stackedGflops / roofline);
        System.out.printf("job_vs_update=%.2f job_overhead_cpu_ms=%.2f sampling_cpu_ms=%.2f update_gflops=%.1f roofline_ratio=%.3f torch_ratio=%.2f"
                + " update_ms=%.2f torch_ms=%.2f"
                + " roofline_gflops=%.1f train_updates_per_s=%.2f forward1_ms=%.2f forward%d_ms=%.2f"
                + " forward1_roofline_ratio=%.4f forward%d_roofline_ratio=%.4f threads=%d%n",
                median(counted, Round::jobVsUpdate), 1e3 * overheadCpu, 1e3 * sampling, updateGflops, updateGflops / roofline, median(counted, Round::torchRatio),
                1e3 * ours, 1e3 * torch,
                roofline, 1 / job, 1e3 * single, actors, 1e3 * stacked, singleGflops / roofline, actors,
                stackedGflops / roofline, threads);
    }

    /** The native settings of conf/jvm.properties as this process has them (they act only if set at start). */
    static String nativeSettingsInEffect() {
        StringBuilder settings = new StringBuilder();
        JvmProperties.nativeEnvironment().forEach((name, value) -> settings.append(name).append('=')
                .append(System.getenv(name) == null ? "(unset)" : System.getenv(name)).append(' '));
        return settings.append("org.eclipse.deeplearning4j.helpers.disable=")
                .append(System.getProperty("org.eclipse.deeplearning4j.helpers.disable", "true (default)")).toString();
    }
}
