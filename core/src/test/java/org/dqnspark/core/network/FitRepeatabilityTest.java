package org.dqnspark.core.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The Nature network's updates (oneDNN's layers, the Atari path the MinAtar train-job tests do not take) repeat
 * bit for bit on the same thread count. On another count the first convolution's weight gradient, a sum over the
 * minibatch's 12,800 positions that oneDNN splits among the threads its primitive was built for, is added up in
 * another order.
 */
class FitRepeatabilityTest {
    /** Measured after one fit, 1 thread against 2: 3.7e-9 (one float step at 0.1) on 251 of conv1's 8,192 weights. */
    private static final double ONE_FIT_BOUND = 1e-7;

    private int[] counts;

    /** libnd4j's op threads, OpenBLAS's and this thread's OpenMP count: the three TaskThreads sets. */
    @BeforeEach
    void saveThreadCounts() {
        counts = new int[] {Nd4j.getEnvironment().maxMasterThreads(), Nd4j.factory().blas().getMaxThreads(),
            NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads()};
    }

    @AfterEach
    void restoreThreadCounts() {
        Nd4j.getEnvironment().setMaxMasterThreads(counts[0]);
        Nd4j.factory().blas().setMaxThreads(counts[1]);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(counts[2]);
    }

    private static void useThreads(int threads) {
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    }

    /** A new Nature network (seed 7), its oneDNN primitives built on {@code threads} threads by its first fit. */
    private static MultiLayerNetwork fittedOn(int threads, int fits) {
        useThreads(threads);
        MultiLayerNetwork network = QNetworks.create(QNetworks.nature(4, 6, new CenteredRmsProp(), 7));
        for (int fit = 0; fit < fits; fit++) {
            network.fit(OneDnnLayersTest.randomBatch(3 + fit));
        }
        return network;
    }

    @Test
    void fitsOnTheSameThreadCountGiveTheSameParametersAndOptimizerStateBitForBit() {
        for (int threads : new int[] {1, 2}) {
            MultiLayerNetwork a = fittedOn(threads, 3);
            MultiLayerNetwork b = fittedOn(threads, 3);
            assertArrayEquals(a.params().data().asFloat(), b.params().data().asFloat(), threads + " threads");
            assertArrayEquals(a.getUpdater().getStateViewArray().data().asFloat(),
                    b.getUpdater().getStateViewArray().data().asFloat(), threads + " threads, centered RMSProp");
        }
    }

    @Test
    void onAnotherThreadCountOneFitEndsWithinAFewFloatStepsOfTheParameters() {
        double difference = fittedOn(1, 1).params().sub(fittedOn(2, 1).params()).amaxNumber().doubleValue();
        assertTrue(difference <= ONE_FIT_BOUND, "1 against 2 threads after one fit: " + difference);
    }
}
