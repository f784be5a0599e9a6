package org.dqnspark.bench;

import static org.dqnspark.core.Statistics.median;

import java.util.Random;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.core.network.CenteredRmsProp;
import org.dqnspark.core.network.DqnUpdate;
import org.dqnspark.core.network.ParallelLoops;
import org.dqnspark.core.network.QNetworks;
import org.dqnspark.core.network.QNetworks.Implementation;
import org.dqnspark.core.network.StateInput;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * bench/update.sh: a full Nature-DQN update (batch 32: target forward on the next states, online forward
 * and backward, centered RMSProp step) with DL4J's stock layers and with ours (OneDnnConvolutionLayer and
 * the other oneDNN layers), in rounds that alternate between the two in one JVM; medians of all updates.
 */
@Command(name = "UpdateBenchmark", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "The DQN update with DL4J's stock layers against ours, alternating in one JVM.")
public final class UpdateBenchmark implements Callable<Integer> {
    private static final int BATCH = 32;
    private static final int HISTORY = 4;
    private static final int ACTIONS = 18;
    private static final int FAST_PER_ROUND = 40;
    private static final int STOCK_PER_ROUND = 8;

    @Option(names = "--rounds", defaultValue = "5", description = "Counted rounds, after one that warms up.")
    int rounds;

    public static void main(String[] args) {
        System.exit(new CommandLine(new UpdateBenchmark()).execute(args));
    }

    @Override
    public Integer call() {
        Random random = new Random(1);
        byte[] bytes = new byte[BATCH * HISTORY * StateInput.HEIGHT * StateInput.WIDTH];
        random.nextBytes(bytes);
        INDArray states = StateInput.of(bytes, BATCH, HISTORY, QNetworks.STATE_FORMAT);
        random.nextBytes(bytes);
        INDArray next = StateInput.of(bytes, BATCH, HISTORY, QNetworks.STATE_FORMAT);
        int[] actions = random.ints(BATCH, 0, ACTIONS).toArray();
        float[] rewards = new float[BATCH];
        boolean[] terminal = new boolean[BATCH];
        // An online and a target network of each implementation.
        MultiLayerNetwork[] nets = new MultiLayerNetwork[4];
        for (int i = 0; i < 4; i++) {
            nets[i] = QNetworks.create(QNetworks.nature(HISTORY, ACTIONS, new CenteredRmsProp(), 7,
                    i < 2 ? Implementation.STOCK : Implementation.ONE_DNN));
        }
        double[] stock = new double[rounds * STOCK_PER_ROUND];
        double[] fast = new double[rounds * FAST_PER_ROUND];
        double[] fastForward = new double[rounds * FAST_PER_ROUND];
        double[] gemm = new double[rounds];
        for (int r = -1; r < rounds; r++) { // round -1 warms up
            for (int i = 0; i < STOCK_PER_ROUND; i++) {
                long t = System.nanoTime();
                DqnUpdate.apply(nets[0], nets[1], states, actions, rewards, terminal, next, 0.99f);
                if (r >= 0) {
                    stock[r * STOCK_PER_ROUND + i] = (System.nanoTime() - t) / 1e6;
                }
            }
            for (int i = 0; i < FAST_PER_ROUND; i++) {
                long t = System.nanoTime();
                DqnUpdate.apply(nets[2], nets[3], states, actions, rewards, terminal, next, 0.99f);
                long t2 = System.nanoTime();
                nets[3].output(next, false);
                if (r >= 0) {
                    fast[r * FAST_PER_ROUND + i] = (t2 - t) / 1e6;
                    fastForward[r * FAST_PER_ROUND + i] = (System.nanoTime() - t2) / 1e6;
                }
            }
            if (r >= 0) {
                gemm[r] = Roofline.gemmGflops();
            }
        }
        double flops = Roofline.updateFlops(BATCH, ACTIONS);
        double g = median(gemm);
        System.out.printf("threads: ND4J %d, Java loops %d; OMP_WAIT_POLICY=%s%n", Nd4j.getEnvironment().maxThreads(),
                ParallelLoops.threads(), System.getenv("OMP_WAIT_POLICY"));
        System.out.printf("Nd4j.gemm 2048^2 float: %.1f GFLOP/s (median of %d)%n", g, rounds);
        System.out.printf("stock update: %.1f ms (median of %d)%n", median(stock), stock.length);
        System.out.printf("fast update:  %.1f ms (median of %d), of which target forward %.1f ms; %.1f GFLOP/s, %.3f"
                + " of gemm%n", median(fast), fast.length, median(fastForward), flops / median(fast) / 1e6,
                flops / median(fast) / 1e6 / g);
        System.out.printf("stock/fast = %.1f%n", median(stock) / median(fast));
        return 0;
    }
}
