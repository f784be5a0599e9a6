package org.dqnspark.core.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.core.env.FrameShape;
import org.dqnspark.core.network.CenteredRmsProp;
import org.dqnspark.core.network.QNetworks;
import org.dqnspark.core.network.StateShape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class DemonstrationLossTest {
    private static final IActivation IDENTITY = Activation.IDENTITY.getActivationFunction();

    // Row 0, a demonstration: Q = (1, 2, 3), the human took 1; 1-step target 2.5, n-step target 0.5.
    // Row 1, the agent's: Q = (0.5, -1, 4), took 2; targets 1.5 and 4.25.
    private static INDArray q() {
        return Nd4j.createFromArray(new double[][] {{1, 2, 3}, {0.5, -1, 4}});
    }

    private static INDArray labels() {
        return Nd4j.createFromArray(new double[][] {{1, 2.5, 0.5, 1}, {2, 1.5, 4.25, 0}});
    }

    @Test
    void eachTermIsThePapersOnTheTakenActionAndTheMarginOnDemonstrationsOnly() {
        DemonstrationLoss loss = new DemonstrationLoss(1, 1, 1, 1, 0.8);
        double[] rows = loss.computeScoreArray(labels(), q(), IDENTITY, null).toDoubleVector();
        // Row 0: J_DQ = huber(2 - 2.5) = 0.125; J_n = huber(2 - 0.5) = 1.5 - 0.5 = 1;
        // J_E = max(1 + 0.8, 2, 3 + 0.8) - 2 = 1.8.
        assertEquals(0.125 + 1 + 1.8, rows[0], 1e-6);
        // Row 1: J_DQ = huber(4 - 1.5) = 2; J_n = huber(4 - 4.25) = 0.03125; no supervised term.
        assertEquals(2 + 0.03125, rows[1], 1e-6);
        assertEquals((rows[0] + rows[1]) / 2, loss.computeScore(labels(), q(), IDENTITY, null, true), 1e-6);
    }

    @Test
    void theWeightsScaleTheirTermsAndZeroTdWeightLeavesBehaviourCloning() {
        DemonstrationLoss weighted = new DemonstrationLoss(1, 1, 0.5, 2, 0.8);
        double[] rows = weighted.computeScoreArray(labels(), q(), IDENTITY, null).toDoubleVector();
        assertEquals(0.125 + 0.5 * 1 + 2 * 1.8, rows[0], 1e-6);
        DemonstrationLoss cloning = new DemonstrationLoss(1, 0, 1, 1, 0.8);
        rows = cloning.computeScoreArray(labels(), q(), IDENTITY, null).toDoubleVector();
        assertArrayEquals(new double[] {1.8, 0}, rows, 1e-6);
    }

    @Test
    void theMarginLossVanishesOnceTheHumansActionLeadsByTheMargin() {
        INDArray leading = Nd4j.createFromArray(new double[][] {{1, 2.9, 2}});
        INDArray label = Nd4j.createFromArray(new double[][] {{1, 2.9, 2.9, 1}});
        DemonstrationLoss loss = new DemonstrationLoss(1, 1, 1, 1, 0.8);
        assertEquals(0, loss.computeScore(label, leading, IDENTITY, null, false), 1e-6);
        assertArrayEquals(new double[] {0, 0, 0}, loss.computeGradient(label, leading, IDENTITY, null).toDoubleVector(),
                1e-6);
    }

    @Test
    void theGradientIsTheScoresDerivative() {
        DemonstrationLoss loss = new DemonstrationLoss(1, 1, 0.7, 1.3, 0.8);
        SplittableRandom random = new SplittableRandom(3);
        double[][] values = new double[6][5];
        double[][] label = new double[6][4];
        for (int j = 0; j < 6; j++) {
            for (int a = 0; a < 5; a++) {
                values[j][a] = random.nextDouble(-3, 3);
            }
            label[j] = new double[] {random.nextInt(5), random.nextDouble(-3, 3), random.nextDouble(-3, 3), j % 2};
        }
        INDArray output = Nd4j.createFromArray(values);
        INDArray labels = Nd4j.createFromArray(label);
        double[] analytic = loss.computeGradient(labels, output, IDENTITY, null).dup('c').data().asDouble();
        double h = 1e-6;
        for (int i = 0; i < analytic.length; i++) {
            INDArray plus = output.dup();
            INDArray minus = output.dup();
            plus.putScalar(i / 5, i % 5, plus.getDouble(i / 5, i % 5) + h);
            minus.putScalar(i / 5, i % 5, minus.getDouble(i / 5, i % 5) - h);
            double numeric = (loss.computeScore(labels, plus, IDENTITY, null, false)
                    - loss.computeScore(labels, minus, IDENTITY, null, false)) / (2 * h);
            assertEquals(numeric, analytic[i], 1e-4, "entry " + i);
        }
    }

    @Test
    void labelsOfAnotherShapeAreRefusedWithTheLayoutInTheMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DemonstrationLoss()
                .computeScore(Nd4j.zeros(2, 3), q(), IDENTITY, null, true));
        assertTrue(e.getMessage().contains("taken action, 1-step target, n-step target, demonstration"), e.getMessage());
    }

    @Test
    void itRoundTripsThroughANetworksJsonConfiguration() {
        MultiLayerConfiguration conf = minatar(QNetworks.Implementation.STOCK);
        DemonstrationLoss loss = new DemonstrationLoss(2, 0.5, 0.25, 3, 0.6);
        ((BaseOutputLayer) conf.getConf(2).getLayer()).setLossFn(loss);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(loss, ((BaseOutputLayer) back.getConf(2).getLayer()).getLossFn());
    }

    /**
     * Fitting on demonstrations alone teaches the network the human's actions: after a few hundred updates the
     * greedy action is the human's on every state, in both layer implementations (DL4J's and ours), which take
     * [B, 4] labels for a [B, A] output.
     */
    @ParameterizedTest
    @EnumSource(QNetworks.Implementation.class)
    void fittingOnDemonstrationsMakesTheHumansActionsGreedy(QNetworks.Implementation implementation) {
        MultiLayerConfiguration conf = minatar(implementation);
        ((BaseOutputLayer) conf.getConf(2).getLayer()).setLossFn(new DemonstrationLoss(1, 1, 1, 1, 0.8));
        MultiLayerNetwork network = QNetworks.create(conf);
        int batch = 16;
        SplittableRandom random = new SplittableRandom(5);
        float[] states = new float[batch * 4 * 10 * 10];
        for (int i = 0; i < states.length; i++) {
            states[i] = random.nextInt(4) == 0 ? 1f : 0f;
        }
        INDArray features = Nd4j.create(states, new long[] {batch, 10, 10, 4}, 'c'); // NHWC, random either way
        int[] human = new int[batch];
        float[] labels = new float[batch * 4];
        for (int j = 0; j < batch; j++) {
            human[j] = random.nextInt(3);
            labels[j * 4] = human[j];
            labels[j * 4 + 3] = 1f; // both targets 0: a game without rewards
        }
        DataSet data = new DataSet(features, Nd4j.create(labels, new long[] {batch, 4}, 'c'));
        for (int i = 0; i < 300; i++) {
            network.fit(data);
        }
        INDArray greedy = network.output(features, false).argMax(1);
        for (int j = 0; j < batch; j++) {
            assertEquals(human[j], greedy.getInt(j), "state " + j);
        }
    }

    private static MultiLayerConfiguration minatar(QNetworks.Implementation implementation) {
        return QNetworks.minatar(new StateShape(new FrameShape(4, 10, 10), 1), 3,
                new CenteredRmsProp(0.001, 0.95, 0.95, 0.01), 7, implementation);
    }
}
