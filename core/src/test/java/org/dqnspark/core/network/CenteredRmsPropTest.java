package org.dqnspark.core.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class CenteredRmsPropTest {
    private static final double RELATIVE_TOLERANCE = 1e-6;

    /** The Nature DQN settings: lr 0.00025, both momenta 0.95, eps 0.01. */
    private static GradientUpdater<?> freshUpdater(int numParams) {
        return new CenteredRmsProp().instantiate(Nd4j.zeros(DataType.DOUBLE, 2L * numParams), true);
    }

    /** Applies the updater to {@code grad} and returns the update (the gradient array, overwritten). */
    private static double[] step(GradientUpdater<?> updater, double... grad) {
        INDArray gradient = Nd4j.createFromArray(grad);
        updater.applyUpdater(gradient, 0, 0);
        return gradient.toDoubleVector();
    }

    private static void assertClose(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertClose(expected[i], actual[i], "element " + i);
        }
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, RELATIVE_TOLERANCE * Math.abs(expected), what);
    }

    @Test
    void theFirstStepMatchesHandWorkedNumbers() {
        // State starts at zero, so g = 0.05 * grad and g2 = 0.05 * grad^2.
        // grad  0.5: g =  0.025, g2 = 0.0125, sqrt(0.0125 - 0.000625 + 0.01) = sqrt(0.021875) = 0.1479019946
        //            update = 0.00025 * 0.5 / 0.1479019946 = 0.000845154255
        // grad -1.0: g = -0.05,  g2 = 0.05,   sqrt(0.05 - 0.0025 + 0.01)     = sqrt(0.0575)   = 0.2397915762
        //            update = 0.00025 * -1 / 0.2397915762 = -0.00104257207
        // grad  2.0: g =  0.1,   g2 = 0.2,    sqrt(0.2 - 0.01 + 0.01)        = sqrt(0.2)      = 0.4472135955
        //            update = 0.00025 * 2 / 0.4472135955 = 0.00111803399
        GradientUpdater<?> updater = freshUpdater(3);
        double[] params = {1.0, 2.0, 3.0};

        double[] update = step(updater, 0.5, -1.0, 2.0);
        for (int i = 0; i < params.length; i++) {
            params[i] -= update[i];
        }

        assertClose(new double[] {0.000845154255, -0.00104257207, 0.00111803399}, update);
        assertClose(new double[] {0.999154845745, 2.00104257207, 2.99888196601}, params);
    }

    @Test
    void theSecondStepMatchesHandWorkedNumbers() {
        // After step 1 (above), step 2 with grad (0.5, 0.25, -2):
        // grad  0.5:  g = 0.95 * 0.025 + 0.025 = 0.04875, g2 = 0.95 * 0.0125 + 0.0125 = 0.024375
        //             sqrt(0.024375 - 0.0023765625 + 0.01) = sqrt(0.0319984375) = 0.1788810708
        //             update = 0.00025 * 0.5 / 0.1788810708 = 0.000698788303
        // grad  0.25: g = -0.0475 + 0.0125 = -0.035, g2 = 0.0475 + 0.003125 = 0.050625
        //             sqrt(0.050625 - 0.001225 + 0.01) = sqrt(0.0594) = 0.2437211521
        //             update = 0.00025 * 0.25 / 0.2437211521 = 0.000256440606
        // grad -2.0:  g = 0.095 - 0.1 = -0.005, g2 = 0.19 + 0.2 = 0.39
        //             sqrt(0.39 - 0.000025 + 0.01) = sqrt(0.399975) = 0.6324357675
        //             update = 0.00025 * -2 / 0.6324357675 = -0.000790594121
        GradientUpdater<?> updater = freshUpdater(3);
        double[] params = {1.0, 2.0, 3.0};

        for (double[] grad : new double[][] {{0.5, -1.0, 2.0}, {0.5, 0.25, -2.0}}) {
            double[] update = step(updater, grad);
            for (int i = 0; i < params.length; i++) {
                params[i] -= update[i];
            }
        }

        // 1 - 0.000845154255 - 0.000698788303, 2 + 0.00104257207 - 0.000256440606,
        // 3 - 0.00111803399 + 0.000790594121
        assertClose(new double[] {0.998456057442, 2.000786131464, 2.999672560131}, params);
        Map<String, INDArray> state = updater.getState();
        assertClose(new double[] {0.04875, -0.035, -0.005},
                state.get(CenteredRmsPropUpdater.MEAN_GRADIENT).toDoubleVector());
        assertClose(new double[] {0.024375, 0.050625, 0.39},
                state.get(CenteredRmsPropUpdater.MEAN_SQUARED_GRADIENT).toDoubleVector());
    }

    @Test
    void theStateCarriesOverBetweenSteps() {
        GradientUpdater<?> updater = freshUpdater(1);
        double first = step(updater, 0.5)[0];
        double second = step(updater, 0.5)[0];
        double freshFirst = step(freshUpdater(1), 0.5)[0];

        assertEquals(first, freshFirst, 0.0);
        assertNotEquals(first, second);
        assertClose(0.000698788303, second, "second step with the same gradient (0.5)");
    }

    @Test
    void epsilonGoesUnderTheRootAndTheSquaredMeanIsSubtracted() {
        // Step one with grad 1: g = 0.05, g2 = 0.05.
        //   centered, eps under the root:   0.00025 / sqrt(0.05 - 0.0025 + 0.01) = 0.00025 / 0.2397915762
        //                                   = 0.00104257207
        //   eps outside the root (DL4J):    0.00025 / (sqrt(0.0475) + 0.01)      = 0.00109675605
        //   not centered:                   0.00025 / sqrt(0.05 + 0.01)           = 0.00102062073
        double update = step(freshUpdater(1), 1.0)[0];

        assertClose(0.00104257207, update, "update for grad 1");
        assertNotEquals(0.00109675605, update, 1e-6);
        assertNotEquals(0.00102062073, update, 1e-6);
    }

    @Test
    void floatVectorsTakeTheOnePassLoopWithTheSameNumbers() {
        // The hand-worked numbers of the first two steps above, in floats, over a view into a longer array
        // (as DL4J hands the updater views of its flat gradient), and long enough to be split over threads.
        int n = 3 * 50_000;
        GradientUpdater<?> updater = new CenteredRmsProp().instantiate(Nd4j.zeros(DataType.FLOAT, 2L * n), true);
        INDArray flat = Nd4j.zeros(DataType.FLOAT, n + 5);
        INDArray gradient = flat.get(NDArrayIndex.interval(5, n + 5));
        float[][] steps = {{0.5f, -1.0f, 2.0f}, {0.5f, 0.25f, -2.0f}};
        double[][] expected = {{0.000845154255, -0.00104257207, 0.00111803399},
                {0.000698788303, 0.000256440606, -0.000790594121}};
        assertTrue(CenteredRmsPropUpdater.FloatLoop.applies(gradient));
        for (int s = 0; s < steps.length; s++) {
            float[] grad = new float[n];
            for (int i = 0; i < n; i++) {
                grad[i] = steps[s][i % 3];
            }
            gradient.assign(Nd4j.createFromArray(grad));
            updater.applyUpdater(gradient, 0, 0);
            float[] update = gradient.toFloatVector();
            for (int i = 0; i < n; i++) {
                double e = expected[s][i % 3];
                assertEquals(e, update[i], 1e-5 * Math.abs(e), "step " + (s + 1) + ", element " + i);
            }
        }
        assertEquals(0f, flat.getFloat(4), "the element before the view is untouched");
        double[] g = updater.getState().get(CenteredRmsPropUpdater.MEAN_GRADIENT).toDoubleVector();
        assertEquals(-0.005, g[n - 1], 1e-7);
    }

    private static MultiLayerConfiguration smallNetwork() {
        return new NeuralNetConfiguration.Builder()
                .seed(7)
                .dataType(DataType.DOUBLE)
                .updater(new CenteredRmsProp())
                .list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(4).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .build();
    }

    private static DataSet twoExamples() {
        return new DataSet(
                Nd4j.createFromArray(new double[][] {{0.1, -0.4, 0.7}, {0.9, 0.2, -0.3}}),
                Nd4j.createFromArray(new double[][] {{1.0, -1.0}, {0.5, 2.0}}));
    }

    @Test
    void aNetworkFitMovesEachParameterByTheHandRolledUpdate() {
        MultiLayerNetwork net = new MultiLayerNetwork(smallNetwork());
        net.init();
        DataSet data = twoExamples();
        net.setInput(data.getFeatures());
        net.setLabels(data.getLabels());
        net.computeGradientAndScore();
        // DL4J divides the gradient by the minibatch size inside its updater (BaseMultiLayerUpdater
        // .divideByMinibatch), after computeGradientAndScore and before CenteredRmsPropUpdater sees it.
        double[] grad = net.gradient().gradient().dup().divi(data.numExamples()).toDoubleVector();
        double[] before = net.params().dup().toDoubleVector();

        net.fit(data);

        double[] after = net.params().toDoubleVector();
        double[] expectedG = new double[grad.length];
        double[] expectedG2 = new double[grad.length];
        for (int i = 0; i < grad.length; i++) {
            expectedG[i] = 0.05 * grad[i];
            expectedG2[i] = 0.05 * grad[i] * grad[i];
            double update = 0.00025 * grad[i] / Math.sqrt(expectedG2[i] - expectedG[i] * expectedG[i] + 0.01);
            assertClose(update, before[i] - after[i], "update of parameter " + i);
        }
        // One updater block spans all 26 parameters: g is the first half of the state view, g2 the second.
        double[] state = net.getUpdater().getStateViewArray().toDoubleVector();
        assertEquals(2 * grad.length, state.length);
        for (int i = 0; i < grad.length; i++) {
            assertClose(expectedG[i], state[i], "g of parameter " + i);
            assertClose(expectedG2[i], state[grad.length + i], "g2 of parameter " + i);
        }
    }

    @Test
    void theConfigurationRoundTripsThroughJson() {
        MultiLayerConfiguration conf = smallNetwork();
        String json = conf.toJson();

        MultiLayerConfiguration restored = MultiLayerConfiguration.fromJson(json);

        assertTrue(json.contains(CenteredRmsProp.class.getName()), json);
        for (int layer = 0; layer < 2; layer++) {
            BaseLayer restoredLayer = (BaseLayer) restored.getConf(layer).getLayer();
            CenteredRmsProp updater = (CenteredRmsProp) restoredLayer.getIUpdater();
            assertEquals(new CenteredRmsProp(0.00025, 0.95, 0.95, 0.01), updater);
            assertEquals(0.00025, updater.getLearningRate(0, 0), 0.0);
            // No separate bias updater is set (getBiasUpdater() is null), so biases fall back to this one.
            assertEquals(updater, restoredLayer.getUpdaterByParam("b"));
        }
        assertEquals(conf, restored);
    }

    @Test
    void aSavedNetworkRestoresItsUpdaterState(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = new MultiLayerNetwork(smallNetwork());
        net.init();
        DataSet data = twoExamples();
        net.fit(data);
        net.fit(data);
        File file = dir.resolve("net.zip").toFile();

        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = MultiLayerNetwork.load(file, true);

        Map<String, INDArray> saved = stateOf(net);
        Map<String, INDArray> loaded = stateOf(restored);
        String g = CenteredRmsPropUpdater.MEAN_GRADIENT;
        String g2 = CenteredRmsPropUpdater.MEAN_SQUARED_GRADIENT;
        assertNotSame(saved.get(g), loaded.get(g));
        assertEquals(saved.get(g), loaded.get(g));
        assertEquals(saved.get(g2), loaded.get(g2));
        // The restored state drives the next step: both networks take the same third step.
        net.fit(data);
        restored.fit(data);
        assertEquals(net.params(), restored.params());
    }

    private static Map<String, INDArray> stateOf(MultiLayerNetwork net) {
        UpdaterBlock block = ((MultiLayerUpdater) net.getUpdater()).getUpdaterBlocks().get(0);
        block.init();
        return block.getGradientUpdater().getState();
    }
}
