package org.dqnspark.core.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.core.env.FrameShape;
import org.dqnspark.core.network.GuidedBackpropagation.Pass;
import org.dqnspark.core.network.GuidedBackpropagation.ReluRule;
import org.dqnspark.core.network.QNetworks.Implementation;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class GuidedBackpropagationTest {
    private static final StateShape MINATAR = new StateShape(new FrameShape(4, 10, 10), 1);
    private static final StateShape ATARI = new StateShape(FrameShape.ATARI, 4);

    private static MultiLayerNetwork minatar(Implementation implementation) {
        return QNetworks.create(QNetworks.minatar(MINATAR, 3, new CenteredRmsProp(), 11, implementation));
    }

    private static MultiLayerNetwork nature(Implementation implementation) {
        return QNetworks.create(QNetworks.nature(4, 6, new CenteredRmsProp(), 11, implementation));
    }

    /** Random stored states: bytes, channel-major, as the replay assembles them. */
    private static byte[] states(StateShape shape, int count, long seed) {
        byte[] bytes = new byte[shape.bytes() * count];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static float[] floats(byte[] states, int index, StateShape shape) {
        float[] state = new float[shape.bytes()];
        for (int i = 0; i < state.length; i++) {
            state[i] = (states[index * shape.bytes() + i] & 0xff) / 255f;
        }
        return state;
    }

    /**
     * Small positive biases, as a trained network has, so that most ReLUs are on and the gradients reach the
     * input through many paths (at biases of 0 and random input, half of them are off).
     */
    private static MultiLayerNetwork withSmallPositiveBiases(MultiLayerNetwork network) {
        for (int i = 0; i < network.getnLayers(); i++) {
            network.getLayer(i).getParam("b").assign(0.01);
        }
        return network;
    }

    /**
     * DL4J's gradient of Q(s, action) with respect to the input, from a network of DL4J's own layers with the same
     * weights: the loss's gradient is Q - y, so labels of Q, less 0.5 at the action, make it 0.5 there and 0 elsewhere.
     */
    private static float[] dl4jGradientOfQ(MultiLayerNetwork stock, INDArray input, int action) {
        INDArray q = stock.output(input);
        INDArray labels = q.dup();
        labels.putScalar(new long[] {0, action}, q.getDouble(0, action) - 0.5);
        INDArray gradient = stock.calculateGradients(input, labels, null, null).getSecond();
        CNN2DFormat format = StateInput.formatOf(stock);
        INDArray chw = format == CNN2DFormat.NHWC ? gradient.permute(0, 3, 1, 2) : gradient;
        return chw.dup('c').muli(2).reshape(chw.length()).toFloatVector();
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        assertTrue(scale > 0, what + ": a gradient that is not zero");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4 * scale, what + " at " + i);
        }
    }

    private static void forwardAndOrdinaryBackwardMatchDl4j(MultiLayerNetwork fast, MultiLayerNetwork stock,
            StateShape shape) {
        withSmallPositiveBiases(fast);
        stock.setParams(fast.params());
        GuidedBackpropagation guided = new GuidedBackpropagation(fast, shape.frame().height(), shape.frame().width());
        byte[] states = states(shape, 2, 5);
        for (int s = 0; s < 2; s++) {
            byte[] one = new byte[shape.bytes()];
            System.arraycopy(states, s * shape.bytes(), one, 0, one.length);
            INDArray input = shape.input(one, 1, StateInput.formatOf(fast));
            Pass pass = guided.forward(floats(states, s, shape));
            float[] q = fast.output(input).toFloatVector();
            for (int a = 0; a < q.length; a++) {
                assertEquals(q[a], pass.qValues()[a], 1e-4 * Math.max(1, Math.abs(q[a])), "Q of action " + a);
            }
            for (int a = 0; a < q.length; a++) {
                assertClose(dl4jGradientOfQ(stock, shape.input(one, 1, StateInput.formatOf(stock)), a),
                        guided.inputGradientOfQ(pass, a, ReluRule.ORDINARY), "dQ(s, " + a + ")/ds of state " + s);
            }
        }
    }

    @Test
    void withTheOrdinaryReluRuleTheMinAtarNetworksGradientIsDl4js() {
        forwardAndOrdinaryBackwardMatchDl4j(minatar(Implementation.ONE_DNN), minatar(Implementation.STOCK), MINATAR);
    }

    @Test
    void withTheOrdinaryReluRuleTheNatureNetworksGradientIsDl4js() {
        forwardAndOrdinaryBackwardMatchDl4j(nature(Implementation.ONE_DNN), nature(Implementation.STOCK), ATARI);
    }

    @Test
    void theGuidedRulePassesAGradientOnlyWhereTheInputAndTheGradientArePositive() {
        assertEquals(2f, ReluRule.GUIDED.pass(0.5f, 2f));
        assertEquals(0f, ReluRule.GUIDED.pass(0.5f, -2f), "a negative gradient stops at the ReLU");
        assertEquals(0f, ReluRule.GUIDED.pass(-0.5f, 2f), "a ReLU that was off passes nothing");
        assertEquals(-2f, ReluRule.ORDINARY.pass(0.5f, -2f));
        assertEquals(0f, ReluRule.ORDINARY.pass(0f, 2f));
    }

    @Test
    void aFirstLayerFilterCrossesOnlyItsOwnReluWithAPositiveGradientSoGuidedEqualsOrdinary() {
        MultiLayerNetwork net = withSmallPositiveBiases(nature(Implementation.ONE_DNN));
        GuidedBackpropagation guided = new GuidedBackpropagation(net, 84, 84);
        Pass pass = guided.forward(floats(states(ATARI, 1, 3), 0, ATARI));
        int[] unit = strongestUnit(pass, 0, 7);
        float[] g = guided.inputGradientOfFilter(pass, 0, 7, unit[0], unit[1], ReluRule.GUIDED);
        assertClose(guided.inputGradientOfFilter(pass, 0, 7, unit[0], unit[1], ReluRule.ORDINARY), g, "conv1 filter 7");
    }

    @Test
    void guidedDiffersFromOrdinaryWhereNegativeGradientsMeetReluAndEqualsItWhereNoneArise() {
        MultiLayerNetwork net = withSmallPositiveBiases(nature(Implementation.ONE_DNN));
        float[] state = floats(states(ATARI, 1, 4), 0, ATARI);
        GuidedBackpropagation mixedSigns = new GuidedBackpropagation(net, 84, 84);
        Pass pass = mixedSigns.forward(state);
        float[] guided = mixedSigns.inputGradientOfQ(pass, 2, ReluRule.GUIDED);
        float[] ordinary = mixedSigns.inputGradientOfQ(pass, 2, ReluRule.ORDINARY);
        assertTrue(maxDifference(guided, ordinary) > 1e-3 * maxAbs(ordinary), "negative gradients were stopped");

        // Every weight above the first layer non-negative: a positive gradient from the top stays positive down to
        // the first layer's ReLU, so the guided rule blocks nothing the ordinary one passes.
        long firstLayer = net.getLayer(0).numParams();
        INDArray params = net.params().dup();
        INDArray upper = params.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(firstLayer, params.length()));
        upper.assign(Transforms.abs(upper));
        net.setParams(params.reshape(net.params().shape()));
        GuidedBackpropagation positive = new GuidedBackpropagation(net, 84, 84);
        Pass positivePass = positive.forward(state);
        assertClose(positive.inputGradientOfQ(positivePass, 2, ReluRule.ORDINARY),
                positive.inputGradientOfQ(positivePass, 2, ReluRule.GUIDED), "non-negative upper weights");
    }

    @Test
    void theGuidedGradientOfAFilterCrossesNoReluWithANegativeGradient() {
        // Followed by hand through the MinAtar network's one convolution: its filter's ReLU gets a gradient of 1 at
        // the chosen position and none elsewhere, so the input gradient is that filter's weights placed at the
        // position, whatever their signs (the input has no ReLU).
        MultiLayerNetwork net = withSmallPositiveBiases(minatar(Implementation.ONE_DNN));
        GuidedBackpropagation guided = new GuidedBackpropagation(net, 10, 10);
        Pass pass = guided.forward(floats(states(MINATAR, 1, 8), 0, MINATAR));
        int[] unit = strongestUnit(pass, 0, 3);
        float[] g = guided.inputGradientOfFilter(pass, 0, 3, unit[0], unit[1], ReluRule.GUIDED);
        INDArray w = net.getLayer(0).getParam("W"); // [out, in, kh, kw]
        float[] expected = new float[4 * 10 * 10];
        for (int c = 0; c < 4; c++) {
            for (int ky = 0; ky < 3; ky++) {
                for (int kx = 0; kx < 3; kx++) {
                    expected[(c * 10 + unit[0] + ky) * 10 + unit[1] + kx] = w.getFloat(3, c, ky, kx);
                }
            }
        }
        assertClose(expected, g, "MinAtar filter 3");
    }

    private static int[] strongestUnit(Pass pass, int layer, int filter) {
        int[] size = pass.size(layer);
        float[] a = pass.activation(layer);
        int best = filter * size[0] * size[1];
        for (int p = best; p < (filter + 1) * size[0] * size[1]; p++) {
            best = a[p] > a[best] ? p : best;
        }
        assertTrue(a[best] > 0, "the filter fires somewhere");
        int at = best - filter * size[0] * size[1];
        return new int[] {at / size[1], at % size[1]};
    }

    private static double maxAbs(float[] values) {
        double max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
