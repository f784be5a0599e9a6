package org.dqnspark.app.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.FrameShape;
import org.dqnspark.core.learning.TdTargets;
import org.dqnspark.core.network.QNetworks;
import org.dqnspark.core.network.StateInput;
import org.dqnspark.core.spark.JvmProperties;
import org.dqnspark.core.spark.SparkSessions;
import org.dqnspark.core.spark.TaskThreads;
import org.dqnspark.trainer.MinibatchSampler;
import org.dqnspark.trainer.TrainSettings;

/**
 * bench/compute.sh: the Nature network's compute against the machine's limit and against PyTorch, side by
 * side in one run. Each round measures, one after the other: the roofline (the best 2048 x 2048 float
 * {@code Nd4j.gemm}), our full DQN update, PyTorch's (bench/torch_dqn_update.py, same thread count), the
 * train job's updates/s, and policy forwards of batch 1 and of batch K (one state per actor). Round 0
 * warms up and is not counted; figures are medians over rounds.
 * Usage: ComputeBenchmark ROM STORE_DIR TORCH_SCRIPT [ROUNDS] [UPDATES] [JOB_UPDATES] [ACTORS]
 */
public final class ComputeBenchmark {
    private static final int BATCH = 32;
    private static final int HISTORY = 4;
    /** The network: the full action set. */
    private static final int ACTIONS = 18;
    private static final double GAMMA = 0.99;

    // FLOPs per state, counted from the layer shapes (a multiply-add counts 2). Forward of each layer:
    //   conv1 8x8/4, 4 -> 32:  20*20 outputs * 32 * (8*8*4)  =  3,276,800 multiply-adds
    //   conv2 4x4/2, 32 -> 64:  9*9 outputs * 64 * (4*4*32)  =  2,654,208
    //   conv3 3x3/1, 64 -> 64:  7*7 outputs * 64 * (3*3*64)  =  1,806,336
    //   dense 3136 -> 512                                     =  1,605,632
    //   dense 512 -> 18                                       =      9,216
    //   forward F = 2 * 9,352,192 = 18.70 MFLOP.
    // Backward: each layer's weight gradient costs as much as its forward, and so does its input gradient,
    // except conv1's, which no one needs (the input is data). Elementwise work (ReLU, loss, RMSProp on
    // 1.69M parameters) is left out: well under 1% of the products.
    // One DQN update = target forward on the next states (F) + online forward (F) + weight gradients (F)
    // + input gradients (F - conv1) = 4F - conv1 = 68.26 MFLOP per state, 2.18 GFLOP per batch of 32.
    private static final double CONV1_FLOPS = 2.0 * 20 * 20 * 32 * (8 * 8 * 4);
    static final double FORWARD_FLOPS = CONV1_FLOPS + 2.0 * (9 * 9 * 64 * (4 * 4 * 32) + 7 * 7 * 64 * (3 * 3 * 64)
            + 3136 * 512 + 512 * ACTIONS);
    static final double UPDATE_FLOPS = BATCH * (4 * FORWARD_FLOPS - CONV1_FLOPS);

    public static void main(String[] args) throws Exception {
        Path rom = Path.of(args[0]);
        Path store = Path.of(args[1]);
        Path torchScript = Path.of(args[2]);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        int updates = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        int jobUpdates = args.length > 5 ? Integer.parseInt(args[5]) : 500;
        int actors = args.length > 6 ? Integer.parseInt(args[6]) : 2;
        int threads = TaskThreads.executorCores(null);

        System.out.printf("compute: %d threads (ND4J and torch.set_num_threads), native settings %s%n", threads,
                nativeSettingsInEffect());
        SparkSession spark = SparkSessions.create("bench compute", "local[" + threads + "]");
        TrainBenchmark.collectRandomRun(spark, rom, store);
        Update update = new Update();

        Map<String, List<Double>> medians = new TreeMap<>();
        for (int round = 0; round <= rounds; round++) {
            double roofline = TrainBenchmark.gemmGflops(2048);
            double ours = update.medianSeconds(updates);
            double torch = torchSeconds(new ProcessBuilder(), torchScript, threads, updates);
            double job = TrainBenchmark.trainJobSecondsPerUpdate(spark, store, jobUpdates);
            double single = update.forwardSeconds(1, 5 * updates);
            double stacked = update.forwardSeconds(actors, 5 * updates);
            System.out.printf("round %d%s: roofline %.1f GFLOP/s | update %.1f ms | torch %.1f ms | train job %.2f"
                    + " updates/s | forward batch 1 %.2f ms, batch %d %.2f ms%n", round, round == 0 ? " (warm-up)" : "",
                    roofline, 1e3 * ours, 1e3 * torch, 1 / job, 1e3 * single, actors, 1e3 * stacked);
            if (round > 0) {
                medians.computeIfAbsent("roofline", k -> new ArrayList<>()).add(roofline);
                medians.computeIfAbsent("update", k -> new ArrayList<>()).add(ours);
                medians.computeIfAbsent("torch", k -> new ArrayList<>()).add(torch);
                medians.computeIfAbsent("torchRatio", k -> new ArrayList<>()).add(ours / torch);
                medians.computeIfAbsent("job", k -> new ArrayList<>()).add(job);
                medians.computeIfAbsent("single", k -> new ArrayList<>()).add(single);
                medians.computeIfAbsent("stacked", k -> new ArrayList<>()).add(stacked);
            }
        }
        spark.stop();

        double roofline = median(medians, "roofline");
        double ours = median(medians, "update");
        double torch = median(medians, "torch");
        double job = median(medians, "job");
        double single = median(medians, "single");
        double stacked = median(medians, "stacked");
        double updateGflops = UPDATE_FLOPS / ours / 1e9;
        double jobGflops = UPDATE_FLOPS / job / 1e9;
        double singleGflops = FORWARD_FLOPS / single / 1e9;
        double stackedGflops = actors * FORWARD_FLOPS / stacked / 1e9;
        System.out.printf("%nmedians over %d rounds (Nature network, %d actions, batch %d, %d threads; %.2f GFLOP"
                + " per update):%n", rounds, ACTIONS, BATCH, threads, UPDATE_FLOPS / 1e9);
        System.out.printf("  roofline: Nd4j.gemm 2048^2 floats, best of 5  %8.1f GFLOP/s%n", roofline);
        System.out.printf("  our DQN update                          %8.2f ms  %7.1f GFLOP/s  %.3f of roofline%n",
                1e3 * ours, updateGflops, updateGflops / roofline);
        System.out.printf("  PyTorch's DQN update (same threads)     %8.2f ms  %7.1f GFLOP/s  %.3f of roofline%n",
                1e3 * torch, UPDATE_FLOPS / torch / 1e9, UPDATE_FLOPS / torch / 1e9 / roofline);
        System.out.printf("  train job update (Spark, sampling)      %8.2f ms  %7.1f GFLOP/s  %.3f of roofline"
                + "  (%.2f updates/s)%n", 1e3 * job, jobGflops, jobGflops / roofline, 1 / job);
        System.out.printf("  policy forward, batch 1                 %8.2f ms  %7.1f GFLOP/s  %.3f of roofline%n",
                1e3 * single, singleGflops, singleGflops / roofline);
        System.out.printf("  policy forward, batch %-2d (one per actor) %7.2f ms  %7.1f GFLOP/s  %.3f of roofline%n",
                actors, 1e3 * stacked, stackedGflops, stackedGflops / roofline);
        System.out.printf("update_gflops=%.1f roofline_ratio=%.3f torch_ratio=%.2f update_ms=%.2f torch_ms=%.2f"
                + " roofline_gflops=%.1f train_updates_per_s=%.2f forward1_ms=%.2f forward%d_ms=%.2f"
                + " forward1_roofline_ratio=%.4f forward%d_roofline_ratio=%.4f threads=%d%n",
                updateGflops, updateGflops / roofline, median(medians, "torchRatio"), 1e3 * ours, 1e3 * torch, roofline,
                1 / job, 1e3 * single, actors, 1e3 * stacked, singleGflops / roofline, actors,
                stackedGflops / roofline, threads);
    }

    /**
     * One DQN update as the trainer does it (MinibatchSampler and DL4J's fit): the states arrive as bytes, the
     * target network values the next states, TdTargets gives y, and the online network is fitted with the
     * label mask of the taken actions (centered RMSProp).
     */
    static final class Update {
        private final MultiLayerNetwork online;
        private final MultiLayerNetwork target;
        private final byte[] states = new byte[BATCH * HISTORY * StateInput.HEIGHT * StateInput.WIDTH];
        private final byte[] nextStates = new byte[states.length];
        private final float[] rewards = new float[BATCH];
        private final boolean[] terminal = new boolean[BATCH];
        private final int[] taken = new int[BATCH];
        private final StateInput.Reused nextInput = new StateInput.Reused(FrameShape.ATARI, QNetworks.NATURE_FORMAT);

        Update() {
            online = QNetworks.create(QNetworks.nature(HISTORY, ACTIONS,
                    TrainSettings.from(Settings.defaults()).optimizer(), 1));
            target = online.clone();
            SplittableRandom random = new SplittableRandom(1);
            random.nextBytes(states);
            random.nextBytes(nextStates);
            for (int j = 0; j < BATCH; j++) {
                rewards[j] = random.nextInt(3) - 1;
                terminal[j] = random.nextDouble() < 0.1;
                taken[j] = random.nextInt(ACTIONS);
            }
        }

        void run() {
            // As MinibatchSampler: the next states in one reused buffer, the fitted states in fresh memory.
            float[] qTargetNext = target.output(nextInput.of(nextStates, BATCH, HISTORY), false).data().asFloat();
            float[] y = TdTargets.natureDqn(rewards, terminal, (float) GAMMA, qTargetNext);
            online.fit(MinibatchSampler.fitData(StateInput.of(states, BATCH, HISTORY, QNetworks.NATURE_FORMAT), taken, y, ACTIONS));
        }

        double medianSeconds(int count) {
            run();
            List<Double> seconds = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                run();
                seconds.add((System.nanoTime() - start) / 1e9);
            }
            return CollectBenchmark.median(seconds);
        }

        /** Median seconds of a policy forward of {@code batch} states, as SnapshotPolicy runs one. */
        double forwardSeconds(int batch, int count) {
            List<Double> seconds = new ArrayList<>();
            for (int i = 0; i <= count; i++) {
                long start = System.nanoTime();
                online.output(StateInput.of(states, batch, HISTORY, QNetworks.NATURE_FORMAT), false).data().asFloat();
                if (i > 0) {
                    seconds.add((System.nanoTime() - start) / 1e9);
                }
            }
            return CollectBenchmark.median(seconds);
        }
    }

    /**
     * PyTorch's median seconds per update, from the peer script in a fresh /usr/bin/python3 started from
     * {@code builder} (with its environment).
     */
    static double torchSeconds(ProcessBuilder builder, Path script, int threads, int updates)
            throws IOException, InterruptedException {
        Process process = builder.command("/usr/bin/python3", script.toString(), "--threads", String.valueOf(threads),
                "--updates", String.valueOf(updates), "--batch", String.valueOf(BATCH), "--actions",
                String.valueOf(ACTIONS)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            line = out.readLine();
        }
        if (process.waitFor() != 0 || line == null || !line.startsWith("torch_update_ms=")) {
            throw new IllegalStateException(script + " failed (exit " + process.exitValue() + "): " + line);
        }
        return Double.parseDouble(line.substring("torch_update_ms=".length(), line.indexOf(' '))) / 1e3;
    }

    /** The native settings of conf/jvm.properties as this process has them (they act only if set at start). */
    private static String nativeSettingsInEffect() {
        StringBuilder settings = new StringBuilder();
        JvmProperties.nativeEnvironment().forEach((name, value) -> settings.append(name).append('=')
                .append(System.getenv(name) == null ? "(unset)" : System.getenv(name)).append(' '));
        return settings.append("org.eclipse.deeplearning4j.helpers.disable=")
                .append(System.getProperty("org.eclipse.deeplearning4j.helpers.disable", "true (default)")).toString();
    }

    private static double median(Map<String, List<Double>> values, String key) {
        return CollectBenchmark.median(values.get(key));
    }
}
