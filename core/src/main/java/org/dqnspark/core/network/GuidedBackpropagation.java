package org.dqnspark.core.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Guided backpropagation (Springenberg et al. 2015, "Striving for Simplicity: The All Convolutional Net",
 * section 3.4) of a Q-network: the gradient of one unit (a convolution filter's activation at one position, or
 * one action's Q-value) with respect to the input state, where every ReLU on the way back passes the gradient
 * only where both its forward input and the gradient arriving from above are positive. It shows what in the
 * input excites the unit, without the negative evidence that makes plain gradients noisy.
 *
 * <p>The oneDNN layers fuse their ReLU into the backward pass, so this class runs its own forward and backward
 * passes over the snapshot's weights, in plain Java loops over one state at a time (clarity over speed: a few
 * states of the Nature network take well under a second each). It reads the networks {@link QNetworks} builds:
 * convolutions (valid padding, ReLU) followed by dense ReLU layers and a linear output. States are floats in
 * the stored order, channel-major ([channels][height][width], channels = history x frame channels), scaled to
 * 0..1 as {@link StateInput} scales them; whatever layout the network runs in (NHWC or NCHW), only the order
 * in which its first dense layer reads the last convolution's output depends on it.
 *
 * <p>With {@link ReluRule#ORDINARY} the backward pass is the ordinary gradient, which the tests compare with
 * DL4J's: that is what shows the weights and their layout are read right.
 */
public final class GuidedBackpropagation {
    /** How the backward pass crosses a ReLU whose forward input was z and whose incoming gradient is g. */
    public enum ReluRule {
        /** The true derivative: g where z > 0. */
        ORDINARY,
        /** Springenberg et al.'s guided rule: g where z > 0 and g > 0. */
        GUIDED;

        float pass(float z, float g) {
            return z > 0 && (this == ORDINARY || g > 0) ? g : 0f;
        }
    }

    /** A convolution: weights [out][in][kh][kw] as DL4J keeps them, valid padding, a ReLU after. */
    private record Convolution(int in, int out, int kernelH, int kernelW, int stride, float[] weights, float[] bias) {
        int outSize(int size, int kernel) {
            return (size - kernel) / stride + 1;
        }
    }

    /** A dense layer: weights [in][out] as DL4J keeps them; a ReLU after unless it is the output layer. */
    private record Dense(int in, int out, float[] weights, float[] bias, boolean relu) {
    }

    private final List<Convolution> convolutions = new ArrayList<>();
    private final List<Dense> denses = new ArrayList<>();
    /** Whether the first dense layer reads the last convolution's output in (y, x, channel) order. */
    private final boolean nhwc;
    private final int channels;
    private final int height;
    private final int width;

    /**
     * Reads {@code network}'s weights (a copy: later training does not change this object) for states of
     * {@code height} x {@code width} pixels.
     *
     * @throws IllegalArgumentException for a network of another kind than {@link QNetworks} builds
     */
    public GuidedBackpropagation(MultiLayerNetwork network, int height, int width) {
        this.nhwc = StateInput.formatOf(network) == CNN2DFormat.NHWC;
        this.height = height;
        this.width = width;
        for (int i = 0; i < network.getnLayers(); i++) {
            org.deeplearning4j.nn.conf.layers.Layer conf = network.getLayerWiseConfigurations().getConf(i).getLayer();
            INDArray w = network.getLayer(i).getParam("W");
            float[] bias = cOrder(network.getLayer(i).getParam("b"));
            if (conf instanceof ConvolutionLayer c) {
                check(denses.isEmpty() && isRelu(c) && Arrays.equals(c.getPadding(), new int[] {0, 0})
                        && Arrays.equals(c.getDilation(), new int[] {1, 1}) && c.getStride()[0] == c.getStride()[1]
                        && c.getConvolutionMode() != ConvolutionMode.Same && w.rank() == 4
                        && w.size(0) == c.getNOut() && w.size(1) == c.getNIn(), i, conf);
                convolutions.add(new Convolution((int) c.getNIn(), (int) c.getNOut(), c.getKernelSize()[0],
                        c.getKernelSize()[1], c.getStride()[0], cOrder(w), bias));
            } else if (conf instanceof FeedForwardLayer d) {
                boolean output = i == network.getnLayers() - 1;
                check(output ? ((BaseLayer) d).getActivationFn() instanceof ActivationIdentity : isRelu(d), i, conf);
                denses.add(new Dense((int) d.getNIn(), (int) d.getNOut(), cOrder(w), bias, !output));
            } else {
                check(false, i, conf);
            }
        }
        check(!convolutions.isEmpty() && !denses.isEmpty(), 0, null);
        this.channels = convolutions.get(0).in();
    }

    /** The elements of {@code array} in c order (row-major), whatever its own order. */
    private static float[] cOrder(INDArray array) {
        return array.dup('c').reshape(array.length()).toFloatVector();
    }

    private static boolean isRelu(BaseLayer layer) {
        return layer.getActivationFn() instanceof ActivationReLU;
    }

    private static void check(boolean ok, int index, Object layer) {
        if (!ok) {
            throw new IllegalArgumentException("guided backpropagation reads the Q-networks QNetworks builds"
                    + " (convolutions with ReLU, dense ReLU layers, a linear output), not layer " + index + ": " + layer);
        }
    }

    /** The network's convolution layers. */
    public int convolutionLayers() {
        return convolutions.size();
    }

    /** The filters of convolution layer {@code layer} (0 = the first). */
    public int filters(int layer) {
        return convolutions.get(layer).out();
    }

    /** The input channels a state has: history x frame channels. */
    public int channels() {
        return channels;
    }

    /**
     * The forward pass of one state, keeping every layer's pre-activation for the backward passes.
     *
     * @param state [channels][height][width], 0..1
     */
    public Pass forward(float[] state) {
        if (state.length != channels * height * width) {
            throw new IllegalArgumentException("a state of " + channels + " x " + height + " x " + width + " floats,"
                    + " not " + state.length);
        }
        List<float[]> preActivations = new ArrayList<>();
        List<int[]> sizes = new ArrayList<>();
        float[] x = state;
        int h = height;
        int w = width;
        for (Convolution c : convolutions) {
            int oh = c.outSize(h, c.kernelH());
            int ow = c.outSize(w, c.kernelW());
            float[] z = convolve(c, x, h, w, oh, ow);
            preActivations.add(z);
            sizes.add(new int[] {oh, ow});
            x = relu(z);
            h = oh;
            w = ow;
        }
        x = flattenForDense(x, convolutions.get(convolutions.size() - 1).out(), h, w);
        for (Dense d : denses) {
            float[] z = new float[d.out()];
            for (int o = 0; o < d.out(); o++) {
                z[o] = d.bias()[o];
            }
            for (int i = 0; i < d.in(); i++) {
                float xi = x[i];
                if (xi != 0f) {
                    int row = i * d.out();
                    for (int o = 0; o < d.out(); o++) {
                        z[o] += xi * d.weights()[row + o];
                    }
                }
            }
            preActivations.add(z);
            x = d.relu() ? relu(z) : z;
        }
        return new Pass(preActivations, sizes);
    }

    /**
     * The gradient of action {@code action}'s Q-value with respect to the state of {@code pass}.
     *
     * @return [channels][height][width]
     */
    public float[] inputGradientOfQ(Pass pass, int action, ReluRule rule) {
        int last = pass.preActivations.size() - 1;
        float[] g = new float[denses.get(denses.size() - 1).out()];
        g[action] = 1f;
        for (int k = denses.size() - 1; k >= 0; k--) {
            Dense d = denses.get(k);
            float[] z = pass.preActivations.get(last - (denses.size() - 1 - k));
            if (d.relu()) {
                g = crossRelu(z, g, rule);
            }
            float[] down = new float[d.in()];
            for (int i = 0; i < d.in(); i++) {
                int row = i * d.out();
                float sum = 0f;
                for (int o = 0; o < d.out(); o++) {
                    sum += d.weights()[row + o] * g[o];
                }
                down[i] = sum;
            }
            g = down;
        }
        int top = convolutions.size() - 1;
        int[] size = pass.sizes.get(top);
        return backThroughConvolutions(pass, top, unflattenFromDense(g, convolutions.get(top).out(), size[0], size[1]),
                rule);
    }

    /**
     * The gradient of filter {@code filter}'s activation (after its ReLU) at position ({@code y}, {@code x}) of
     * convolution layer {@code layer}, with respect to the state of {@code pass}.
     *
     * @return [channels][height][width]
     */
    public float[] inputGradientOfFilter(Pass pass, int layer, int filter, int y, int x, ReluRule rule) {
        int[] size = pass.sizes.get(layer);
        float[] g = new float[filters(layer) * size[0] * size[1]];
        g[(filter * size[0] + y) * size[1] + x] = 1f;
        return backThroughConvolutions(pass, layer, g, rule);
    }

    /** From the gradient at convolution {@code top}'s output (after its ReLU, [out][h][w]) down to the input. */
    private float[] backThroughConvolutions(Pass pass, int top, float[] g, ReluRule rule) {
        for (int k = top; k >= 0; k--) {
            Convolution c = convolutions.get(k);
            int[] out = pass.sizes.get(k);
            int ih = k == 0 ? height : pass.sizes.get(k - 1)[0];
            int iw = k == 0 ? width : pass.sizes.get(k - 1)[1];
            float[] delta = crossRelu(pass.preActivations.get(k), g, rule);
            float[] down = new float[c.in() * ih * iw];
            for (int o = 0; o < c.out(); o++) {
                for (int oy = 0; oy < out[0]; oy++) {
                    for (int ox = 0; ox < out[1]; ox++) {
                        float d = delta[(o * out[0] + oy) * out[1] + ox];
                        if (d == 0f) {
                            continue;
                        }
                        for (int i = 0; i < c.in(); i++) {
                            for (int ky = 0; ky < c.kernelH(); ky++) {
                                int wRow = ((o * c.in() + i) * c.kernelH() + ky) * c.kernelW();
                                int xRow = (i * ih + oy * c.stride() + ky) * iw + ox * c.stride();
                                for (int kx = 0; kx < c.kernelW(); kx++) {
                                    down[xRow + kx] += c.weights()[wRow + kx] * d;
                                }
                            }
                        }
                    }
                }
            }
            g = down;
        }
        return g;
    }

    private static float[] crossRelu(float[] z, float[] g, ReluRule rule) {
        float[] passed = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            passed[i] = rule.pass(z[i], g[i]);
        }
        return passed;
    }

    private static float[] convolve(Convolution c, float[] x, int h, int w, int oh, int ow) {
        float[] z = new float[c.out() * oh * ow];
        for (int o = 0; o < c.out(); o++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float sum = c.bias()[o];
                    for (int i = 0; i < c.in(); i++) {
                        for (int ky = 0; ky < c.kernelH(); ky++) {
                            int wRow = ((o * c.in() + i) * c.kernelH() + ky) * c.kernelW();
                            int xRow = (i * h + oy * c.stride() + ky) * w + ox * c.stride();
                            for (int kx = 0; kx < c.kernelW(); kx++) {
                                sum += c.weights()[wRow + kx] * x[xRow + kx];
                            }
                        }
                    }
                    z[(o * oh + oy) * ow + ox] = sum;
                }
            }
        }
        return z;
    }

    private static float[] relu(float[] z) {
        float[] a = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            a[i] = Math.max(z[i], 0f);
        }
        return a;
    }

    /** [c][h][w] in the order the first dense layer reads it: (y, x, c) for NHWC networks, else as it is. */
    private float[] flattenForDense(float[] chw, int c, int h, int w) {
        if (!nhwc) {
            return chw;
        }
        float[] hwc = new float[chw.length];
        for (int k = 0; k < c; k++) {
            for (int p = 0; p < h * w; p++) {
                hwc[p * c + k] = chw[k * h * w + p];
            }
        }
        return hwc;
    }

    private float[] unflattenFromDense(float[] flat, int c, int h, int w) {
        if (!nhwc) {
            return flat;
        }
        float[] chw = new float[flat.length];
        for (int k = 0; k < c; k++) {
            for (int p = 0; p < h * w; p++) {
                chw[k * h * w + p] = flat[p * c + k];
            }
        }
        return chw;
    }

    /** One state's forward pass: the pre-activation of every layer, convolutions first. */
    public static final class Pass {
        private final List<float[]> preActivations;
        private final List<int[]> sizes;

        private Pass(List<float[]> preActivations, List<int[]> sizes) {
            this.preActivations = preActivations;
            this.sizes = sizes;
        }

        /** The Q-value of every action. */
        public float[] qValues() {
            return preActivations.get(preActivations.size() - 1).clone();
        }

        /** Convolution layer {@code layer}'s output height and width. */
        public int[] size(int layer) {
            return sizes.get(layer).clone();
        }

        /** Convolution layer {@code layer}'s activation (after its ReLU): [filter][y][x]. */
        public float[] activation(int layer) {
            return relu(preActivations.get(layer));
        }
    }
}
