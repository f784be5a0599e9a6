package org.dqnspark.core.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.dqnspark.core.env.FrameShape;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class QNetworksTest {
    private static MultiLayerNetwork nature(int actions) {
        return QNetworks.create(QNetworks.nature(4, actions, new CenteredRmsProp(), 7));
    }

    private static byte[] randomStates(int n, long seed) {
        byte[] states = new byte[n * 4 * 84 * 84];
        new Random(seed).nextBytes(states);
        return states;
    }

    @Test
    void theNatureNetworkHasThePapersShapeAndOneOutputPerAction() {
        MultiLayerNetwork net = nature(6);
        // conv1 4*8*8*32+32, conv2 32*4*4*64+64, conv3 64*3*3*64+64, dense 3136*512+512, out 512*6+6
        long expected = (4 * 8 * 8 * 32 + 32) + (32 * 4 * 4 * 64 + 64) + (64 * 3 * 3 * 64 + 64) + (3136 * 512 + 512)
                + (512 * 6 + 6);
        assertEquals(expected, net.numParams());
        INDArray q = net.output(StateInput.of(randomStates(3, 1), 3, 4, QNetworks.STATE_FORMAT));
        assertArrayEquals(new long[] {3, 6}, q.shape());
    }

    @Test
    void theSameSeedGivesTheSameInitialWeights() {
        assertEquals(nature(4).params(), nature(4).params());
    }

    @Test
    void statesAreScaledToTheUnitIntervalInTheNetworksLayout() {
        byte[] state = new byte[2 * 4 * 84 * 84];
        state[0] = (byte) 255; // frame 0, row 0, column 0
        state[1] = (byte) 51; // frame 0, row 0, column 1
        state[2 * 84 * 84 + 84] = (byte) 102; // frame 2, row 1, column 0
        state[4 * 84 * 84 + 5] = (byte) 255; // the second state: frame 0, row 0, column 5
        INDArray nchw = StateInput.of(state, 2, 4, CNN2DFormat.NCHW);
        assertArrayEquals(new long[] {2, 4, 84, 84}, nchw.shape());
        assertEquals(1.0f, nchw.getFloat(0, 0, 0, 0), 1e-6);
        assertEquals(0.2f, nchw.getFloat(0, 0, 0, 1), 1e-6);
        assertEquals(0.4f, nchw.getFloat(0, 2, 1, 0), 1e-6);
        assertEquals(1.0f, nchw.getFloat(1, 0, 0, 5), 1e-6);
        assertEquals(0.0f, nchw.getFloat(0, 3, 83, 83), 1e-6);
        INDArray nhwc = StateInput.of(state, 2, 4, CNN2DFormat.NHWC);
        assertArrayEquals(new long[] {2, 84, 84, 4}, nhwc.shape());
        assertEquals(nchw.permute(0, 2, 3, 1), nhwc);
    }

    @Test
    void oneDnnConvertsStatesToTheSameFloatsAsThePlainJavaPass() {
        assumeTrue(OneDnn.available(), "oneDNN did not load here: " + OneDnn.loadError());
        FrameShape minAtar = new FrameShape(3, 10, 10);
        for (FrameShape shape : new FrameShape[] {FrameShape.ATARI, minAtar}) {
            for (CNN2DFormat format : CNN2DFormat.values()) {
                for (int count : new int[] {1, 5}) {
                    byte[] states = new byte[count * 4 * shape.bytes()];
                    new Random(count).nextBytes(states);
                    INDArray expected = StateInput.allocate(count, 4, shape, format);
                    StateInput.fillInJava(expected, states, count, 4, shape, format);
                    assertArrayEquals(expected.data().asFloat(),
                            StateInput.of(states, count, 4, shape, format).data().asFloat(),
                            shape + " " + format + " x" + count);
                }
            }
        }
    }

    @Test
    void aReusedInputHoldsEachCallsStatesInOneBuffer() {
        StateInput.Reused reused = new StateInput.Reused(org.dqnspark.core.env.FrameShape.ATARI, CNN2DFormat.NHWC);
        byte[] first = randomStates(2, 5);
        byte[] second = randomStates(2, 6);
        INDArray a = reused.of(first, 2, 4);
        long address = a.data().addressPointer().address();
        assertEquals(StateInput.of(first, 2, 4, CNN2DFormat.NHWC), a);
        INDArray b = reused.of(second, 2, 4);
        assertEquals(StateInput.of(second, 2, 4, CNN2DFormat.NHWC), b);
        assertEquals(address, b.data().addressPointer().address(), "the same buffer");
        assertArrayEquals(new long[] {1, 84, 84, 4}, reused.of(second, 1, 4).shape());
    }

    @Test
    void aNetworksInputLayoutIsReadOffItsFirstLayer() {
        assertEquals(CNN2DFormat.NHWC, StateInput.formatOf(nature(4)));
        assertEquals(CNN2DFormat.NCHW, StateInput.formatOf(QNetworks.create(QNetworks.nature(4, 4, new CenteredRmsProp(),
                7, QNetworks.Implementation.ONE_DNN, CNN2DFormat.NCHW))));
        StateShape minAtar = new StateShape(new FrameShape(4, 10, 10), 1);
        assertEquals(CNN2DFormat.NHWC, StateInput.formatOf(QNetworks.create(QNetworks.minatar(minAtar, 6,
                new CenteredRmsProp(), 7))));
        assertEquals(CNN2DFormat.NCHW, StateInput.formatOf(QNetworks.create(QNetworks.minatar(minAtar, 6,
                new CenteredRmsProp(), 7, QNetworks.Implementation.ONE_DNN, CNN2DFormat.NCHW))));
    }

    @Test
    void aMinAtarNetworkInTheOldLayoutComputesWhatTheNewOneDoesWithItsDenseWeightsPermuted() {
        // A MinAtar snapshot from before NHWC keeps its NCHW layout; both layouts are the same function once
        // the dense layer's rows follow the flattening order (channel-major against position-major).
        StateShape shape = new StateShape(new FrameShape(4, 10, 10), 1);
        MultiLayerNetwork nchw = QNetworks.create(QNetworks.minatar(shape, 6, new CenteredRmsProp(), 7,
                QNetworks.Implementation.ONE_DNN, CNN2DFormat.NCHW));
        MultiLayerNetwork nhwc = QNetworks.create(QNetworks.minatar(shape, 6, new CenteredRmsProp(), 7));
        nhwc.getLayer(0).setParams(nchw.getLayer(0).params().dup());
        nhwc.getLayer(2).setParams(nchw.getLayer(2).params().dup());
        INDArray w = nchw.getLayer(1).getParam("W"); // [16 * 8 * 8, 128], rows in (channel, y, x) order
        INDArray permuted = w.reshape('c', 16, 8, 8, 128).permute(1, 2, 0, 3).dup('c').reshape('c', 16 * 8 * 8, 128);
        nhwc.getLayer(1).setParam("W", permuted);
        nhwc.getLayer(1).setParam("b", nchw.getLayer(1).getParam("b").dup());
        byte[] states = new byte[5 * shape.bytes()];
        Random random = new Random(5);
        for (int i = 0; i < states.length; i++) {
            states[i] = random.nextInt(3) == 0 ? (byte) 255 : 0;
        }
        INDArray expected = nchw.output(shape.input(states, 5, CNN2DFormat.NCHW));
        INDArray actual = nhwc.output(shape.input(states, 5, CNN2DFormat.NHWC));
        assertTrue(expected.equalsWithEps(actual, 1e-4), expected + " vs " + actual);
    }

    @Test
    void overfittingAFixedSmallBatchCutsTheLossTenfold() {
        // Ten times Nature's learning rate, so that a few dozen updates suffice; the loss and optimizer are the real ones.
        MultiLayerNetwork net = QNetworks.create(QNetworks.nature(4, 4, new CenteredRmsProp(0.0025, 0.95, 0.95, 0.01), 7));
        int batch = 8;
        int actions = 4;
        float[] labels = new float[batch * actions];
        float[] mask = new float[batch * actions];
        Random random = new Random(3);
        for (int j = 0; j < batch; j++) {
            int a = j % actions;
            labels[j * actions + a] = random.nextFloat() * 2 - 1; // targets in [-1, 1]
            mask[j * actions + a] = 1;
        }
        DataSet data = new DataSet(StateInput.of(randomStates(batch, 2), batch, 4, QNetworks.STATE_FORMAT),
                Nd4j.create(labels, new long[] {batch, actions}, 'c'), null,
                Nd4j.create(mask, new long[] {batch, actions}, 'c'));
        net.setInput(data.getFeatures());
        net.setLabels(data.getLabels());
        net.setLayerMaskArrays(null, data.getLabelsMaskArray());
        net.computeGradientAndScore();
        double before = net.score();
        for (int i = 0; i < 60; i++) {
            net.fit(data);
        }
        net.setInput(data.getFeatures());
        net.setLabels(data.getLabels());
        net.setLayerMaskArrays(null, data.getLabelsMaskArray());
        net.computeGradientAndScore();
        double after = net.score();
        assertTrue(after * 10 <= before, "loss " + before + " -> " + after);
    }
}
