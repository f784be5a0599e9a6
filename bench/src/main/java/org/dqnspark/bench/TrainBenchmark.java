package org.dqnspark.bench;

import static org.dqnspark.core.Statistics.median;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.network.QNetworks;
import org.dqnspark.core.network.StateInput;
import org.dqnspark.core.spark.SparkSessions;
import org.dqnspark.trainer.TrainSettings;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * bench/train.sh: the train job's updates/s against a bare DL4J fit loop of the same network and batch
 * size (the pipeline's overhead), and the network's FLOP/s against an ND4J matrix product (how near the
 * machine's limit), side by side in one JVM; medians over rounds.
 */
@Command(name = "TrainBenchmark", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "The train job's updates/s against a bare DL4J fit loop and the gemm roofline.")
public final class TrainBenchmark implements Callable<Integer> {
    private static final int BATCH = 32;
    /** The bare fit's network: Breakout's minimal action set. */
    private static final int ACTIONS = 4;

    @Parameters(index = "0", paramLabel = "ROM")
    Path rom;
    @Parameters(index = "1", paramLabel = "STORE_DIR", description = "A scratch store for the train job's run.")
    Path store;
    @Option(names = "--rounds", defaultValue = "2", description = "Counted rounds, after one that warms up.")
    int rounds;
    @Option(names = "--job-updates", defaultValue = "2500", description = "The train job's updates per round (one fit of the default dqn.train.updates-per-fit).")
    int jobUpdates;
    @Option(names = "--bare-updates", defaultValue = "30", description = "The bare fit loop's updates per round.")
    int bareUpdates;

    /** What one round measured: the roofline in GFLOP/s, the two fits in seconds per update. */
    record Round(double gemmGflops, double bareFit, double trainJob) {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainBenchmark()).execute(args));
    }

    @Override
    public Integer call() {
        SparkSession spark = SparkSessions.create("bench train", "local[2]");
        BenchJobs.collectRunToTrainOn(spark, rom, store);
        List<Round> counted = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            Round r = new Round(Roofline.gemmGflops(), bareFitSecondsPerUpdate(bareUpdates),
                    BenchJobs.trainJobSecondsPerUpdate(spark, store, jobUpdates));
            System.out.printf("round %d%s: matrix product %.1f GFLOP/s | bare fit %.1f ms/update | train job %.1f"
                    + " ms/update (%.2f updates/s)%n", round, round == 0 ? " (warm-up)" : "", r.gemmGflops(),
                    1e3 * r.bareFit(), 1e3 * r.trainJob(), 1 / r.trainJob());
            if (round > 0) {
                counted.add(r);
            }
        }
        spark.stop();

        double g = median(counted, Round::gemmGflops);
        double b = median(counted, Round::bareFit);
        double j = median(counted, Round::trainJob);
        // A fit is forward + backward (about 3 forwards); the job's update also runs the target network forward.
        double bareGflops = 3 * Roofline.forwardFlops(ACTIONS) * BATCH / b / 1e9;
        double jobGflops = 4 * Roofline.forwardFlops(ACTIONS) * BATCH / j / 1e9;
        System.out.printf("%nmedians over %d rounds (Nature network, batch %d):%n", rounds, BATCH);
        System.out.printf("  ND4J matrix product 2048^2 (Nd4j.gemm)  %8.1f GFLOP/s%n", g);
        System.out.printf("  bare DL4J fit                          %8.1f ms/update  %6.1f GFLOP/s  %.3f of the"
                + " product%n", 1e3 * b, bareGflops, bareGflops / g);
        System.out.printf("  train job (Spark, targets, DL4J fit)   %8.1f ms/update  %6.1f GFLOP/s  %.3f of the"
                + " product%n", 1e3 * j, jobGflops, jobGflops / g);
        System.out.printf("  pipeline overhead: train job time / bare fit time = %.2f%n", j / b);
        System.out.printf("train_updates_per_s=%.2f overhead_ratio=%.2f roofline_ratio=%.3f bare_fit_ms=%.1f"
                + " gemm_gflops=%.1f%n", 1 / j, j / b, jobGflops / g, 1e3 * b, g);
        return 0;
    }

    /** Seconds per {@code net.fit} of one batch, the loss masked to one action per state, after three not counted. */
    static double bareFitSecondsPerUpdate(int updates) {
        MultiLayerNetwork net = QNetworks.create(QNetworks.nature(4, ACTIONS,
                TrainSettings.from(Settings.defaults()).optimizer(), 1));
        byte[] states = new byte[BATCH * 4 * 84 * 84];
        new Random(1).nextBytes(states);
        float[] labels = new float[BATCH * ACTIONS];
        float[] mask = new float[BATCH * ACTIONS];
        for (int j = 0; j < BATCH; j++) {
            mask[j * ACTIONS + j % ACTIONS] = 1;
            labels[j * ACTIONS + j % ACTIONS] = 0.5f;
        }
        DataSet data = new DataSet(StateInput.of(states, BATCH, 4, StateInput.formatOf(net)),
                Nd4j.create(labels, new long[] {BATCH, ACTIONS}, 'c'), null,
                Nd4j.create(mask, new long[] {BATCH, ACTIONS}, 'c'));
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
