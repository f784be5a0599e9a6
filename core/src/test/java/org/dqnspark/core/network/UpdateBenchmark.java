package org.dqnspark.core.network;

import java.util.Arrays;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.core.network.QNetworks.Implementation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times a full Nature-DQN update (batch 32: target forward on the next states, online forward and
 * backward, centered RMSProp step) with DL4J's stock convolutions and with {@link FastConvolutionLayer},
 * in rounds that alternate between the two in one JVM, and prints the medians. Not a test: run it with
 * {@code java -cp core/target/test-classes:core/target/classes:<classpath> org.dqnspark.core.network.UpdateBenchmark [rounds]}.
 */
public final class UpdateBenchmark {
    private static final int BATCH = 32;
    private static final int HISTORY = 4;
    private static final int ACTIONS = 18;

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int fastPerRound = 40;
        int stockPerRound = 8;
        Random random = new Random(1);
        byte[] bytes = new byte[BATCH * HISTORY * StateInput.HEIGHT * StateInput.WIDTH];
        random.nextBytes(bytes);
        INDArray states = StateInput.of(bytes, BATCH, HISTORY, QNetworks.NATURE_FORMAT);
        random.nextBytes(bytes);
        INDArray next = StateInput.of(bytes, BATCH, HISTORY, QNetworks.NATURE_FORMAT);
        int[] actions = random.ints(BATCH, 0, ACTIONS).toArray();
        float[] rewards = new float[BATCH];
        boolean[] terminal = new boolean[BATCH];
        MultiLayerNetwork[] nets = new MultiLayerNetwork[4];
        for (int i = 0; i < 4; i++) {
            nets[i] = QNetworks.create(QNetworks.nature(HISTORY, ACTIONS, new CenteredRmsProp(), 7,
                    i < 2 ? Implementation.STOCK : Implementation.FAST));
        }
        double[] stock = new double[rounds * stockPerRound];
        double[] fast = new double[rounds * fastPerRound];
        double[] fastForward = new double[rounds * fastPerRound];
        double[] gemm = new double[rounds];
        for (int r = -1; r < rounds; r++) { // round -1 warms up
            for (int i = 0; i < stockPerRound; i++) {
                long t = System.nanoTime();
                DqnUpdate.apply(nets[0], nets[1], states, actions, rewards, terminal, next, 0.99f);
                if (r >= 0) {
                    stock[r * stockPerRound + i] = (System.nanoTime() - t) / 1e6;
                }
            }
            for (int i = 0; i < fastPerRound; i++) {
                long t = System.nanoTime();
                DqnUpdate.apply(nets[2], nets[3], states, actions, rewards, terminal, next, 0.99f);
                long t2 = System.nanoTime();
                nets[3].output(next, false);
                if (r >= 0) {
                    fast[r * fastPerRound + i] = (t2 - t) / 1e6;
                    fastForward[r * fastPerRound + i] = (System.nanoTime() - t2) / 1e6;
                }
            }
            if (r >= 0) {
                gemm[r] = gemmGflops();
            }
        }
        double flops = updateFlops();
        double g = median(gemm);
        System.out.printf("threads: ND4J %d, Java loops %d; OMP_WAIT_POLICY=%s%n", Nd4j.getEnvironment().maxThreads(),
                ParallelLoops.threads(), System.getenv("OMP_WAIT_POLICY"));
        System.out.printf("Nd4j.gemm 2048^2 float: %.1f GFLOP/s (median of %d)%n", g, rounds);
        System.out.printf("stock update: %.1f ms (median of %d)%n", median(stock), stock.length);
        System.out.printf("fast update:  %.1f ms (median of %d), of which target forward %.1f ms; %.1f GFLOP/s, %.3f of gemm%n",
                median(fast), fast.length, median(fastForward), flops / median(fast) / 1e6, flops / median(fast) / 1e6 / g);
        System.out.printf("stock/fast = %.1f%n", median(stock) / median(fast));
    }

    /** Multiply-adds x 2 of one update: forward of two networks, backward of one without conv1's input gradient. */
    static double updateFlops() {
        double conv1 = 32.0 * 20 * 20 * 4 * 8 * 8;
        double conv2 = 64.0 * 9 * 9 * 32 * 4 * 4;
        double conv3 = 64.0 * 7 * 7 * 64 * 3 * 3;
        double dense = 3136.0 * 512 + 512.0 * ACTIONS;
        double forward = conv1 + conv2 + conv3 + dense;
        double backward = conv1 + 2 * (conv2 + conv3 + dense);
        return 2 * BATCH * (2 * forward + backward);
    }

    private static double gemmGflops() {
        int n = 2048;
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        double[] times = new double[5];
        for (int i = 0; i < times.length; i++) {
            long t = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            times[i] = (System.nanoTime() - t) / 1e9;
        }
        return 2.0 * n * n * n / median(times) / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
