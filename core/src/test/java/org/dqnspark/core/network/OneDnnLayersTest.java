package org.dqnspark.core.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.dqnspark.core.network.QNetworks.Implementation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class OneDnnLayersTest {
    private static final int HISTORY = 4;
    private static final int ACTIONS = 6;
    private static final int BATCH = 32;
    /** Agreement with DL4J's stock layers, relative to the largest magnitude of each compared array. */
    private static final double RELATIVE_TOLERANCE = 1e-4;

    private static MultiLayerNetwork network(Implementation convolutions) {
        return network(convolutions, QNetworks.STATE_FORMAT);
    }

    /** The Nature network in {@code format}: NHWC (oneDNN's path) now, NCHW (libnd4j's) in older snapshots. */
    private static MultiLayerNetwork network(Implementation convolutions, CNN2DFormat format) {
        return QNetworks.create(QNetworks.nature(HISTORY, ACTIONS, new CenteredRmsProp(), 7, convolutions, format));
    }

    /** Random screens, Q-value targets in [-2, 2] at one random action per state (the DQN loss's mask). */
    static DataSet randomBatch(long seed) {
        return randomBatch(seed, QNetworks.STATE_FORMAT);
    }

    private static DataSet randomBatch(long seed, CNN2DFormat format) {
        Random random = new Random(seed);
        byte[] states = new byte[BATCH * HISTORY * StateInput.HEIGHT * StateInput.WIDTH];
        random.nextBytes(states);
        float[] labels = new float[BATCH * ACTIONS];
        float[] mask = new float[BATCH * ACTIONS];
        for (int j = 0; j < BATCH; j++) {
            int a = random.nextInt(ACTIONS);
            labels[j * ACTIONS + a] = random.nextFloat() * 4 - 2;
            mask[j * ACTIONS + a] = 1;
        }
        return new DataSet(StateInput.of(states, BATCH, HISTORY, format), Nd4j.create(labels, new long[] {BATCH, ACTIONS}, 'c'),
                null, Nd4j.create(mask, new long[] {BATCH, ACTIONS}, 'c'));
    }

    /** A stock network and a oneDNN one holding the same (randomized) parameters. */
    private static MultiLayerNetwork[] stockAndOneDnn(CNN2DFormat format) {
        MultiLayerNetwork stock = network(Implementation.STOCK, format);
        MultiLayerNetwork fast = network(Implementation.ONE_DNN, format);
        // Biases start at 0; random ones also test the bias path.
        stock.setParams(stock.params().add(Nd4j.rand(stock.params().dataType(), stock.params().shape()).subi(0.5).muli(0.02)));
        fast.setParams(stock.params().dup());
        return new MultiLayerNetwork[] {stock, fast};
    }

    private static void assertAgree(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        double scale = expected.amaxNumber().doubleValue();
        double difference = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(difference <= RELATIVE_TOLERANCE * scale,
                what + ": max difference " + difference + " against max magnitude " + scale);
    }

    private static void computeGradient(MultiLayerNetwork net, DataSet data) {
        net.setInput(data.getFeatures());
        net.setLabels(data.getLabels());
        net.setLayerMaskArrays(null, data.getLabelsMaskArray());
        net.computeGradientAndScore();
    }

    @Test
    void onTheCpuTheNatureNetworkUsesTheOneDnnLayersForItsHiddenLayers() {
        MultiLayerNetwork net = QNetworks.create(QNetworks.nature(HISTORY, ACTIONS, new CenteredRmsProp(), 7));
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(OneDnnConvolutionLayerImpl.class, net.getLayer(i));
        }
        assertInstanceOf(OneDnnDenseLayerImpl.class, net.getLayer(3));
        assertInstanceOf(OneDnnOutputLayerImpl.class, net.getLayer(4));
        assertFalse(((OneDnnConvolutionLayer) net.getLayerWiseConfigurations().getConf(0).getLayer())
                .isInputGradient());
        assertTrue(((OneDnnConvolutionLayer) net.getLayerWiseConfigurations().getConf(1).getLayer()).isInputGradient());
    }

    @Test
    void floatScreensBypassTheStockPathInBothLayouts() {
        for (CNN2DFormat format : CNN2DFormat.values()) {
            OneDnnConvolutionLayerImpl first =
                    (OneDnnConvolutionLayerImpl) network(Implementation.ONE_DNN, format).getLayer(0);
            first.setInput(randomBatch(1, format).getFeatures(), LayerWorkspaceMgr.noWorkspaces());
            assertTrue(first.fastPathApplies(), format.toString());
        }
        MultiLayerNetwork net = network(Implementation.ONE_DNN);
        OneDnnDenseLayerImpl dense = (OneDnnDenseLayerImpl) net.getLayer(3);
        dense.setInput(Nd4j.rand(DataType.FLOAT, BATCH, 3136), LayerWorkspaceMgr.noWorkspaces());
        assertTrue(dense.fastPathApplies());
        OneDnnOutputLayerImpl output = (OneDnnOutputLayerImpl) net.getLayer(4);
        output.setInput(Nd4j.rand(DataType.FLOAT, BATCH, 512), LayerWorkspaceMgr.noWorkspaces());
        assertTrue(output.fastPathApplies());
    }

    @Test
    void theSameSeedGivesTheSameWeightsAsTheStockNetwork() {
        assertEquals(network(Implementation.STOCK).params(), network(Implementation.ONE_DNN).params());
    }

    @Test
    void outputsAgreeWithTheStockLayersInBothLayouts() {
        for (CNN2DFormat format : CNN2DFormat.values()) {
            MultiLayerNetwork[] nets = stockAndOneDnn(format);
            INDArray input = randomBatch(1, format).getFeatures();
            assertAgree(nets[0].output(input, false), nets[1].output(input, false), format + " Q-values");
            for (int layer = 0; layer < 4; layer++) {
                assertAgree(nets[0].feedForwardToLayer(layer, input).get(layer + 1),
                        nets[1].feedForwardToLayer(layer, input).get(layer + 1), format + " activations of layer " + layer);
            }
            assertEquals(nets[0].paramTable().keySet(), nets[1].paramTable().keySet());
            // Batch 1, the policy's forward, has primitives of its own.
            INDArray one = input.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)).dup();
            assertAgree(nets[0].output(one, false), nets[1].output(one, false), format + " Q-values of one state");
        }
    }

    @Test
    void aForwardSeesWeightsChangedInPlaceSinceTheLastOne() {
        for (CNN2DFormat format : CNN2DFormat.values()) {
            MultiLayerNetwork[] nets = stockAndOneDnn(format);
            INDArray input = randomBatch(2, format).getFeatures();
            assertAgree(nets[0].output(input, false), nets[1].output(input, false), format + " before");
            for (MultiLayerNetwork net : nets) {
                for (int layer = 0; layer < 3; layer++) {
                    net.getLayer(layer).getParam("W").muli(-1.5); // in place, as DL4J's parameter step
                }
            }
            assertAgree(nets[0].output(input, false), nets[1].output(input, false), format + " after the change");
            nets[1].getLayer(2).getParam("W").putScalar(new long[] {63, 63, 2, 2}, 3f); // the very last weight
            assertTrue(nets[0].output(input, false).sub(nets[1].output(input, false)).amaxNumber().doubleValue() > 0,
                    format + ": a forward after one weight changed still used the weights loaded before");
        }
    }

    @Test
    void parameterGradientsAgreeWithTheStockLayersInBothLayouts() {
        for (CNN2DFormat format : CNN2DFormat.values()) {
            MultiLayerNetwork[] nets = stockAndOneDnn(format);
            DataSet data = randomBatch(2, format);
            computeGradient(nets[0], data);
            computeGradient(nets[1], data);

            assertEquals(nets[0].score(), nets[1].score(), RELATIVE_TOLERANCE * nets[0].score());
            Map<String, INDArray> expected = nets[0].gradient().gradientForVariable();
            Map<String, INDArray> actual = nets[1].gradient().gradientForVariable();
            assertEquals(expected.keySet(), actual.keySet());
            for (String key : expected.keySet()) {
                assertTrue(expected.get(key).amaxNumber().doubleValue() > 0, key + " has a gradient");
                assertAgree(expected.get(key), actual.get(key), format + " gradient of " + key);
            }
            assertAgree(nets[0].gradient().gradient(), nets[1].gradient().gradient(), format + " flat gradient view");
        }
    }

    @Test
    void fitTakesTheSameStepsAsTheStockLayersInBothLayouts() {
        for (CNN2DFormat format : CNN2DFormat.values()) {
            MultiLayerNetwork[] nets = stockAndOneDnn(format);
            INDArray before = nets[0].params().dup();
            for (long seed = 3; seed < 6; seed++) {
                DataSet data = randomBatch(seed, format);
                nets[0].fit(data);
                nets[1].fit(data);
            }
            // Compare the parameter change, which is what the steps are made of.
            assertAgree(nets[0].params().sub(before), nets[1].params().sub(before),
                    format + " parameter change after 3 fits");
            assertAgree(nets[0].getUpdater().getStateViewArray(), nets[1].getUpdater().getStateViewArray(),
                    format + " centered RMSProp state");
        }
    }

    @Test
    void aSavedOneDnnNetworkRestoresWithItsLayersAndUpdaterState(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = network(Implementation.ONE_DNN);
        net.fit(randomBatch(4));
        File file = dir.resolve("net.zip").toFile();

        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = MultiLayerNetwork.load(file, true);

        assertEquals(net.getLayerWiseConfigurations(), restored.getLayerWiseConfigurations());
        assertInstanceOf(OneDnnConvolutionLayerImpl.class, restored.getLayer(0));
        assertInstanceOf(OneDnnDenseLayerImpl.class, restored.getLayer(3));
        assertInstanceOf(OneDnnOutputLayerImpl.class, restored.getLayer(4));
        assertFalse(((OneDnnConvolutionLayer) restored.getLayerWiseConfigurations().getConf(0).getLayer())
                .isInputGradient());
        assertEquals(net.params(), restored.params());
        assertEquals(net.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
        DataSet next = randomBatch(5);
        net.fit(next);
        restored.fit(next);
        assertEquals(net.params(), restored.params());
    }

    @Test
    void theConfigurationRoundTripsThroughJson() {
        MultiLayerConfiguration conf = QNetworks.nature(HISTORY, ACTIONS, new CenteredRmsProp(), 7,
                Implementation.ONE_DNN);
        String json = conf.toJson();

        MultiLayerConfiguration restored = MultiLayerConfiguration.fromJson(json);

        assertTrue(json.contains(OneDnnConvolutionLayer.class.getName()), json);
        assertTrue(json.contains(OneDnnDenseLayer.class.getName()), json);
        assertTrue(json.contains(OneDnnOutputLayer.class.getName()), json);
        assertEquals(conf, restored);
    }

    @Test
    void theMinAtarNetworkOnTheOneDnnLayersAgreesWithTheStockOne() {
        StateShape shape = new StateShape(new org.dqnspark.core.env.FrameShape(7, 10, 10), 1);
        MultiLayerNetwork stock = QNetworks.create(QNetworks.minatar(shape, 3, new CenteredRmsProp(), 7,
                Implementation.STOCK));
        MultiLayerNetwork fast = QNetworks.create(QNetworks.minatar(shape, 3, new CenteredRmsProp(), 7,
                Implementation.ONE_DNN));
        assertTrue(fast.getLayer(0) instanceof OneDnnConvolutionLayerImpl, fast.getLayer(0).getClass().getName());
        stock.setParams(stock.params().add(Nd4j.rand(stock.params().dataType(), stock.params().shape()).subi(0.5)
                .muli(0.02)));
        fast.setParams(stock.params().dup());
        Random random = new Random(3);
        byte[] states = new byte[BATCH * shape.bytes()];
        for (int i = 0; i < states.length; i++) {
            states[i] = random.nextInt(4) == 0 ? (byte) 255 : 0; // binary channels, as MinAtar's
        }
        float[] labels = new float[BATCH * 3];
        float[] mask = new float[BATCH * 3];
        for (int j = 0; j < BATCH; j++) {
            int a = random.nextInt(3);
            labels[j * 3 + a] = random.nextFloat() * 4 - 2;
            mask[j * 3 + a] = 1;
        }
        DataSet data = new DataSet(shape.input(states, BATCH, StateInput.formatOf(stock)), Nd4j.create(labels, new long[] {BATCH, 3}, 'c'), null,
                Nd4j.create(mask, new long[] {BATCH, 3}, 'c'));
        assertAgree(stock.output(data.getFeatures()), fast.output(data.getFeatures()), "Q-values");
        computeGradient(stock, data);
        computeGradient(fast, data);
        assertAgree(stock.gradient().gradient(), fast.gradient().gradient(), "flat gradient view");
    }
}
