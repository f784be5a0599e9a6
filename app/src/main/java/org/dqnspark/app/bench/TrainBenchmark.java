package org.dqnspark.app.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.RomFile;
import org.dqnspark.core.network.QNetworks;
import org.dqnspark.core.network.StateInput;
import org.dqnspark.core.spark.SparkSessions;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.trainer.TrainJob;
import org.dqnspark.trainer.TrainReport;
import org.dqnspark.trainer.TrainRequest;
import org.dqnspark.trainer.TrainSettings;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * bench/train.sh: the train job's updates/s against a bare DL4J fit loop of the same network and batch
 * size (the pipeline's overhead), and the network's FLOP/s against an ND4J matrix product (how near the
 * machine's limit), side by side in one JVM; medians over rounds.
 * Usage: TrainBenchmark ROM STORE_DIR [ROUNDS] [JOB_UPDATES] [BARE_UPDATES]
 */
public final class TrainBenchmark {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    /** Forward FLOPs of the Nature network for one 4 x 84 x 84 state (multiply-adds count 2). */
    static final double FORWARD_FLOPS = 2.0 * (20 * 20 * 32 * (8 * 8 * 4) + 9 * 9 * 64 * (4 * 4 * 32)
            + 7 * 7 * 64 * (3 * 3 * 64) + 3136 * 512 + 512 * 4);

    public static void main(String[] args) throws Exception {
        Path rom = Path.of(args[0]);
        Path store = Path.of(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int jobUpdates = args.length > 3 ? Integer.parseInt(args[3]) : 500;
        int bareUpdates = args.length > 4 ? Integer.parseInt(args[4]) : 30;
        int batch = 32;

        SparkSession spark = SparkSessions.create("bench train", "local[2]");
        collectRandomRun(spark, rom, store);

        List<Double> gemm = new ArrayList<>();
        List<Double> bare = new ArrayList<>();
        List<Double> job = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            double g = gemmGflops(2048);
            double b = bareFitSecondsPerUpdate(batch, bareUpdates);
            double j = trainJobSecondsPerUpdate(spark, store, jobUpdates);
            System.out.printf("round %d%s: matrix product %.1f GFLOP/s | bare fit %.1f ms/update | train job %.1f"
                    + " ms/update (%.2f updates/s)%n", round, round == 0 ? " (warm-up)" : "", g, 1e3 * b, 1e3 * j, 1 / j);
            if (round > 0) {
                gemm.add(g);
                bare.add(b);
                job.add(j);
            }
        }
        spark.stop();

        double g = CollectBenchmark.median(gemm);
        double b = CollectBenchmark.median(bare);
        double j = CollectBenchmark.median(job);
        // A fit is forward + backward (about 3 forwards); the job's update also runs the target network forward.
        double bareGflops = 3 * FORWARD_FLOPS * batch / b / 1e9;
        double jobGflops = 4 * FORWARD_FLOPS * batch / j / 1e9;
        System.out.printf("%nmedians over %d rounds (Nature network, batch %d):%n", rounds, batch);
        System.out.printf("  ND4J matrix product 2048^2 (Nd4j.gemm)  %8.1f GFLOP/s%n", g);
        System.out.printf("  bare DL4J fit                          %8.1f ms/update  %6.1f GFLOP/s  %.3f of the product%n",
                1e3 * b, bareGflops, bareGflops / g);
        System.out.printf("  train job (Spark, targets, DL4J fit)   %8.1f ms/update  %6.1f GFLOP/s  %.3f of the product%n",
                1e3 * j, jobGflops, jobGflops / g);
        System.out.printf("  pipeline overhead: train job time / bare fit time = %.2f%n", j / b);
        System.out.printf("train_updates_per_s=%.2f overhead_ratio=%.2f roofline_ratio=%.3f bare_fit_ms=%.1f gemm_gflops=%.1f%n",
                1 / j, j / b, jobGflops / g, 1e3 * b, g);
    }

    /** The run "bench" in {@code store}: 4,000 agent steps of random play, enough for a train job to sample. */
    static void collectRandomRun(SparkSession spark, Path rom, Path store) {
        Settings collect = Settings.load(null, List.of("dqn.collect.steps=4000", "dqn.collect.progress-interval=1h"));
        CollectBenchmark.randomCollect(spark, QUIET, RomFile.load(rom), store, "bench", collect);
    }

    /**
     * Seconds per update of a train job of {@code updates} updates on the run "bench", in Spark fits of
     * the default {@code dqn.train.updates-per-fit} (250), as a real train job runs: each fit has a fixed
     * cost (sampling tasks, DL4J's parameter-averaging round trip), so fewer updates per fit would
     * measure that cost rather than the update (20 per fit made the job look 2.8x slower than its update).
     */
    static double trainJobSecondsPerUpdate(SparkSession spark, Path store, int updates) {
        int perFit = Math.min(updates, TrainSettings.from(Settings.defaults()).updatesPerFit());
        Settings settings = Settings.load(null, List.of("dqn.train.updates-per-fit=" + perFit,
                "dqn.train.held-out-states=32", "dqn.train.updates-per-epoch=1000000"));
        TrainReport report = new TrainJob(spark, QUIET).run(new TrainRequest(
                RunLayout.of(store.toString(), "bench"), updates, TrainSettings.from(settings), settings));
        return report.seconds() / report.updates();
    }

    /** GFLOP/s of an n x n float matrix product through {@code Nd4j.gemm}: the best of five. */
    static double gemmGflops(int n) {
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            best = Math.min(best, System.nanoTime() - start);
        }
        return 2.0 * n * n * n / best;
    }

    static double bareFitSecondsPerUpdate(int batch, int updates) {
        MultiLayerNetwork net = QNetworks.create(QNetworks.nature(4, 4,
                TrainSettings.from(Settings.defaults()).optimizer(), 1));
        byte[] states = new byte[batch * 4 * 84 * 84];
        new Random(1).nextBytes(states);
        float[] labels = new float[batch * 4];
        float[] mask = new float[batch * 4];
        for (int j = 0; j < batch; j++) {
            mask[j * 4 + j % 4] = 1;
            labels[j * 4 + j % 4] = 0.5f;
        }
        DataSet data = new DataSet(StateInput.of(states, batch, 4, StateInput.formatOf(net)), Nd4j.create(labels, new long[] {batch, 4}, 'c'),
                null, Nd4j.create(mask, new long[] {batch, 4}, 'c'));
        for (int i = 0; i < 3; i++) {
            net.fit(data);
        }
        long start = System.nanoTime();
        for (int i = 0; i < updates; i++) {
            net.fit(data);
        }
        return (System.nanoTime() - start) / 1e9 / updates;
    }
}
