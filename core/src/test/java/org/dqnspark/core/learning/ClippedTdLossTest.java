package org.dqnspark.core.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

class ClippedTdLossTest {
    private static final IActivation IDENTITY = Activation.IDENTITY.getActivationFunction();

    private final ClippedTdLoss loss = new ClippedTdLoss();
    private DataType savedDefault;
    private DataType savedFloatingPoint;

    @BeforeEach
    void saveDataTypes() {
        savedDefault = Nd4j.dataType();
        savedFloatingPoint = Nd4j.defaultFloatingPointType();
    }

    @AfterEach
    void restoreDataTypes() {
        Nd4j.setDefaultDataTypes(savedDefault, savedFloatingPoint);
    }

    // Two examples, three actions. Example 0 took action 1: Q = 2, y = 2.5, e = -0.5.
    // Example 1 took action 2: Q = 4, y = 1.5, e = 2.5. The labels' other columns are arbitrary.
    private static INDArray q() {
        return Nd4j.createFromArray(new double[][] {{1, 2, 3}, {0.5, -1, 4}});
    }

    private static INDArray labels() {
        return Nd4j.createFromArray(new double[][] {{7, 2.5, -7}, {0, 0, 1.5}});
    }

    private static INDArray takenActions() {
        return Nd4j.createFromArray(new double[][] {{0, 1, 0}, {0, 0, 1}});
    }

    @Test
    void theGradientIsOnlyAtTheTakenAction() {
        INDArray grad = loss.computeGradient(labels(), q(), IDENTITY, takenActions());
        // Example 0: clip(-0.5) = -0.5; example 1: clip(2.5) = 1. Everything else exactly 0, although the
        // labels there are far from Q (e.g. 1 - 7 = -6 at example 0, action 0).
        assertArrayEquals(new double[] {0, -0.5, 0}, grad.getRow(0).toDoubleVector(), 0);
        assertArrayEquals(new double[] {0, 0, 1}, grad.getRow(1).toDoubleVector(), 0);
    }

    @Test
    void theGradientIsTheErrorClippedToPlusOrMinusOne() {
        // One example, every action taken (mask all ones): e = Q - y = (3, -7, 0.25, -1, 1.5) - 0
        // gives clip(e, -1, 1) = (1, -1, 0.25, -1, 1). Not divided by the number of outputs, unlike LossMSE.
        INDArray q = Nd4j.createFromArray(new double[][] {{3, -7, 0.25, -1, 1.5}});
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 1, 5);
        INDArray grad = loss.computeGradient(y, q, IDENTITY, Nd4j.ones(DataType.DOUBLE, 1, 5));
        assertArrayEquals(new double[] {1, -1, 0.25, -1, 1}, grad.toDoubleVector(), 1e-12);
        assertArrayEquals(grad.toDoubleVector(), loss.computeGradient(y, q, IDENTITY, null).toDoubleVector(), 0);
    }

    @Test
    void theScoreIsHuberOfTheTakenActionsError() {
        // Example 0: |e| = 0.5 <= 1, so 0.5 * 0.5^2 = 0.125.
        // Example 1: |e| = 2.5 > 1, so 2.5 - 0.5 = 2.
        INDArray perExample = loss.computeScoreArray(labels(), q(), IDENTITY, takenActions());
        assertArrayEquals(new long[] {2, 1}, perExample.shape());
        assertArrayEquals(new double[] {0.125, 2}, perExample.toDoubleVector(), 1e-12);
        // Sum 2.125; averaged over B = 2 examples, 1.0625.
        assertEquals(2.125, loss.computeScore(labels(), q(), IDENTITY, takenActions(), false), 1e-12);
        assertEquals(1.0625, loss.computeScore(labels(), q(), IDENTITY, takenActions(), true), 1e-12);
    }

    @Test
    void gradientAndScoreTogetherMatchTheSeparateCalls() {
        var both = loss.computeGradientAndScore(labels(), q(), IDENTITY, takenActions(), true);
        assertEquals(1.0625, both.getFirst(), 1e-12);
        assertEquals(loss.computeGradient(labels(), q(), IDENTITY, takenActions()), both.getSecond());
    }

    @Test
    void theInputsAreNotModified() {
        INDArray q = q();
        INDArray labels = labels();
        INDArray mask = takenActions();
        loss.computeGradientAndScore(labels, q, IDENTITY, mask, true);
        assertEquals(q(), q);
        assertEquals(labels(), labels);
        assertEquals(takenActions(), mask);
    }

    // A fixed batch for the networks below: 4 states of 2 features, 3 actions, only actions 0 and 1 taken.
    // Targets are far enough from the initial Q-values (about 0) that the first steps are in the clipped region.
    // The untaken columns hold +-7: DL4J zeroes the masked-out pre-activations itself, so zeros there would
    // hide a loss that forgot the mask.
    private static DataSet batch(DataType type) {
        INDArray features = Nd4j.createFromArray(new double[][] {{0.5, -1}, {1, 1}, {-1, 0.5}, {-0.5, -0.5}})
                .castTo(type);
        INDArray labels = Nd4j.createFromArray(new double[][] {{3, 7, -7}, {-7, -2, 7}, {1.5, 7, 7}, {-7, 0.5, -7}})
                .castTo(type);
        INDArray mask = Nd4j.createFromArray(new double[][] {{1, 0, 0}, {0, 1, 0}, {1, 0, 0}, {0, 1, 0}})
                .castTo(type);
        return new DataSet(features, labels, null, mask);
    }

    private static MultiLayerConfiguration config(DataType type, IUpdater updater) {
        return new NeuralNetConfiguration.Builder()
                .seed(7)
                .dataType(type)
                .updater(updater)
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nIn(2).nOut(16).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder().nIn(16).nOut(3).activation(Activation.IDENTITY)
                        .lossFunction(new ClippedTdLoss()).build())
                .build();
    }

    private static MultiLayerNetwork network(DataType type, IUpdater updater) {
        MultiLayerNetwork net = new MultiLayerNetwork(config(type, updater));
        net.init();
        return net;
    }

    @Test
    void aNetworkLearnsTheMaskedTargetsAndLeavesUntakenActionsAlone() {
        DataSet batch = batch(DataType.FLOAT);
        MultiLayerNetwork net = network(DataType.FLOAT, new Adam(0.01));
        INDArray untakenWeights = net.getParam("1_W").getColumn(2).dup();
        double untakenBias = net.getParam("1_b").getDouble(2);
        double before = net.score(batch);
        for (int i = 0; i < 300; i++) {
            net.fit(batch);
        }
        double after = net.score(batch);
        assertTrue(after < before / 10, "score " + before + " -> " + after);

        INDArray q = net.output(batch.getFeatures());
        double[][] targets = {{3, 0}, {-2, 1}, {1.5, 0}, {0.5, 1}}; // (y, taken action) per example
        for (int j = 0; j < targets.length; j++) {
            double y = targets[j][0];
            double qTaken = q.getDouble(j, (int) targets[j][1]);
            assertEquals(y, qTaken, 0.05, "example " + j);
        }
        // Action 2 was never taken: its output unit got exactly zero gradient, so Adam never moved it.
        assertEquals(untakenWeights, net.getParam("1_W").getColumn(2));
        assertEquals(untakenBias, net.getParam("1_b").getDouble(2), 0);
    }

    @Test
    void theBackpropGradientMatchesFiniteDifferencesOfTheScore() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        DataSet batch = batch(DataType.DOUBLE);
        MultiLayerNetwork net = network(DataType.DOUBLE, new Sgd(0.1));
        // Errors at the initial weights must stay clear of Huber's kink at |e| = 1 for the check to hold.
        INDArray q = net.output(batch.getFeatures());
        for (int j = 0; j < 4; j++) {
            int a = batch.getLabelsMaskArray().getDouble(j, 0) == 1 ? 0 : 1;
            double e = q.getDouble(j, a) - batch.getLabels().getDouble(j, a);
            assertTrue(Math.abs(Math.abs(e) - 1) > 1e-3, "error " + e + " too close to the kink");
        }

        net.setInput(batch.getFeatures());
        net.setLabels(batch.getLabels());
        net.setLayerMaskArrays(null, batch.getLabelsMaskArray());
        net.computeGradientAndScore();
        // The gradient DL4J's backprop hands the updater is summed over the minibatch (the updater divides
        // by B itself), while score() is already averaged: so backprop = B * d(score)/d(theta).
        INDArray analytic = net.gradient().gradient().dup();
        INDArray params = net.params();
        int minibatch = 4;
        double h = 1e-6;
        int checked = 0;
        for (long i = 0; i < params.length(); i++) {
            double original = params.getDouble(i);
            params.putScalar(i, original + h);
            double plus = net.score(batch);
            params.putScalar(i, original - h);
            double minus = net.score(batch);
            params.putScalar(i, original);
            double numerical = minibatch * (plus - minus) / (2 * h);
            double expected = analytic.getDouble(i);
            assertEquals(expected, numerical, 1e-6 + 1e-5 * Math.abs(expected), "parameter " + i);
            checked++;
        }
        // 2*16 + 16 dense, 16*3 + 3 output parameters.
        assertEquals(99, checked);
    }

    @Test
    void dl4jDividesTheSummedGradientByTheMinibatchSize() {
        // One plain SGD step: delta theta = -lr * (backprop gradient) / B, i.e. each example contributes
        // clip(e, -1, 1) dQ/dtheta / B: the gradient of the mean Huber loss.
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        DataSet batch = batch(DataType.DOUBLE);
        double lr = 0.1;
        MultiLayerNetwork net = network(DataType.DOUBLE, new Sgd(lr));
        net.setInput(batch.getFeatures());
        net.setLabels(batch.getLabels());
        net.setLayerMaskArrays(null, batch.getLabelsMaskArray());
        net.computeGradientAndScore();
        INDArray summedGradient = net.gradient().gradient().dup();
        INDArray before = net.params().dup();
        net.fit(batch);
        INDArray step = before.sub(net.params());
        INDArray expected = summedGradient.mul(lr / 4);
        assertTrue(expected.equalsWithEps(step, 1e-12), "step " + step + " vs " + expected);
    }

    @Test
    void theLossSurvivesAJsonRoundTripOfTheNetworkConfiguration() {
        MultiLayerConfiguration conf = config(DataType.FLOAT, new Adam(1e-4));
        String json = conf.toJson();
        assertTrue(json.contains(ClippedTdLoss.class.getName()), json);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        OutputLayer output = (OutputLayer) back.getConf(1).getLayer();
        assertInstanceOf(ClippedTdLoss.class, output.getLossFn());
        assertEquals(conf, back);
    }

    @Test
    void theClipIsASettingThatBoundsTheGradientAndSurvivesTheJsonRoundTrip() {
        ClippedTdLoss wider = new ClippedTdLoss(2.0);
        INDArray q = Nd4j.createFromArray(new double[][] {{3, -7, 0.25, -1, 1.5}});
        INDArray grad = wider.computeGradient(Nd4j.zeros(DataType.DOUBLE, 1, 5), q, IDENTITY, null);
        assertArrayEquals(new double[] {2, -2, 0.25, -1, 1.5}, grad.toDoubleVector(), 1e-12);

        MultiLayerConfiguration conf = config(DataType.FLOAT, new Adam(1e-4));
        ((OutputLayer) conf.getConf(1).getLayer()).setLossFn(wider);
        OutputLayer back = (OutputLayer) MultiLayerConfiguration.fromJson(conf.toJson()).getConf(1).getLayer();
        assertEquals(2.0, ((ClippedTdLoss) back.getLossFn()).errorClip());
    }

    @Test
    void aConfigurationWithoutTheClipFieldLoadsWithNaturesClip() {
        // Snapshots written before the clip was a setting have no errorClip in their JSON.
        String json = config(DataType.FLOAT, new Adam(1e-4)).toJson()
                .replaceAll(",?\\s*\"errorClip\"\\s*:\\s*1\\.0", "");
        assertFalse(json.contains("errorClip"), json);
        OutputLayer back = (OutputLayer) MultiLayerConfiguration.fromJson(json).getConf(1).getLayer();
        assertEquals(ClippedTdLoss.NATURE_ERROR_CLIP, ((ClippedTdLoss) back.getLossFn()).errorClip());
    }
}
