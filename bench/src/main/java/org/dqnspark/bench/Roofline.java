package org.dqnspark.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the machine can do and what the Nature network asks of it: the FLOP/s of ND4J's matrix product,
 * and the network's FLOPs, counted from the layer shapes (a multiply-add counts 2).
 *
 * <p>Forward of each layer, per 4 x 84 x 84 state:
 * <pre>
 *   conv1 8x8/4, 4 -> 32:  20*20 outputs * 32 * (8*8*4)  =  3,276,800 multiply-adds
 *   conv2 4x4/2, 32 -> 64:  9*9 outputs * 64 * (4*4*32)  =  2,654,208
 *   conv3 3x3/1, 64 -> 64:  7*7 outputs * 64 * (3*3*64)  =  1,806,336
 *   dense 3136 -> 512                                     =  1,605,632
 *   dense 512 -> A                                        =    512 * A  (9,216 for the full 18 actions)
 * </pre>
 * Backward: each layer's weight gradient costs as much as its forward, and so does its input gradient,
 * except conv1's, which no one needs (the input is data). Elementwise work (ReLU, loss, RMSProp on 1.69M
 * parameters) is left out: well under 1% of the products. One DQN update = target forward on the next
 * states (F) + online forward (F) + weight gradients (F) + input gradients (F - conv1) = 4F - conv1 per
 * state: 68.26 MFLOP with 18 actions, 2.18 GFLOP per batch of 32.
 */
final class Roofline {
    private static final double CONV1_FLOPS = 2.0 * 20 * 20 * 32 * (8 * 8 * 4);
    /** The side of the roofline's square matrices. */
    private static final int N = 2048;

    private Roofline() {
    }

    /** Forward FLOPs of the Nature network with {@code actions} outputs, for one state. */
    static double forwardFlops(int actions) {
        return CONV1_FLOPS + 2.0 * (9 * 9 * 64 * (4 * 4 * 32) + 7 * 7 * 64 * (3 * 3 * 64) + 3136 * 512 + 512 * actions);
    }

    /** FLOPs of one DQN update of a batch of {@code batch} states. */
    static double updateFlops(int batch, int actions) {
        return batch * (4 * forwardFlops(actions) - CONV1_FLOPS);
    }

    /** GFLOP/s of an N x N float matrix product through {@code Nd4j.gemm}: the best of five, after one. */
    static double gemmGflops() {
        INDArray a = Nd4j.rand(DataType.FLOAT, N, N);
        INDArray b = Nd4j.rand(DataType.FLOAT, N, N);
        INDArray c = Nd4j.create(DataType.FLOAT, N, N);
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            best = Math.min(best, System.nanoTime() - start);
        }
        return 2.0 * N * N * N / best;
    }
}
