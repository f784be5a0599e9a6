package org.dqnspark.core.network;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The layer that {@link OneDnnConvolutionLayer} configures: a stock DL4J convolution layer whose activate and
 * backprop, on the CPU backend and for float input without padding, dilation, dropout or weight noise and
 * with a ReLU or identity activation, take one of two fast paths by the layer's data format:
 * <ul>
 * <li>NHWC (networks built since the oneDNN layers): {@link OneDnnConvolution}, oneDNN 2.5 primitives called
 * directly, the ReLU fused into the forward product, the bias gradient from the weight-gradient pass;</li>
 * <li>NCHW (networks and snapshots from before): libnd4j's {@code conv2d} op on DL4J's own [out, in, kH, kW]
 * weights (no copy), then ReLU in place; backward libnd4j's {@code conv2d_bp} straight into DL4J's gradient
 * views, or, without an input gradient, {@link ConvolutionWeightGradient}.</li>
 * </ul>
 * Both keep the training forward's output for backprop, so that the forward pass is not recomputed.
 * Anything else (another backend, such as cuda with cuDNN, or another configuration) takes the stock path.
 */
public class OneDnnConvolutionLayerImpl extends ConvolutionLayer {
    private static final String WEIGHTS = ConvolutionParamInitializer.WEIGHT_KEY;
    private static final String BIAS = ConvolutionParamInitializer.BIAS_KEY;
    /** libnd4j's conv2d integer arguments past the geometry: VALID padding, NCHW data, [out, in, kH, kW] weights. */
    private static final int VALID = 0;
    private static final int NCHW = 0;
    private static final int WEIGHTS_OIHW = 1;

    private static final Logger LOG = LoggerFactory.getLogger(OneDnnConvolutionLayerImpl.class);
    private static boolean oneDnnMissingLogged;

    /** The output of the last training forward pass (in DL4J's activations workspace), for backprop. */
    private INDArray trainingOutput;
    /** The NHWC path's primitives, made on first use. */
    private OneDnnConvolution oneDnn;

    public OneDnnConvolutionLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private OneDnnConvolutionLayer configuration() {
        return (OneDnnConvolutionLayer) layerConf();
    }

    /** Whether this layer's configuration, the backend and the input take a fast path. */
    boolean fastPathApplies() {
        OneDnnConvolutionLayer c = configuration();
        return OneDnnLayers.applies(c, dataType, input)
                && input.rank() == 4 && input.size(channelAxis()) == c.getNIn()
                && (c.getCnn2dDataFormat() == CNN2DFormat.NCHW || isNhwc() && oneDnnLoads())
                && (c.getConvolutionMode() == ConvolutionMode.Truncate || c.getConvolutionMode() == ConvolutionMode.Strict)
                && Arrays.equals(c.getPadding(), new int[] {0, 0})
                && Arrays.equals(c.getDilation(), new int[] {1, 1})
                && c.isHasBias();
    }

    private boolean isNhwc() {
        return configuration().getCnn2dDataFormat() == CNN2DFormat.NHWC;
    }

    private int channelAxis() {
        return isNhwc() ? 3 : 1;
    }

    private static boolean oneDnnLoads() {
        if (OneDnn.available()) {
            return true;
        }
        synchronized (OneDnnConvolutionLayerImpl.class) {
            if (!oneDnnMissingLogged) {
                oneDnnMissingLogged = true;
                LOG.warn("oneDNN (org.bytedeco:dnnl) did not load, so NHWC convolutions take DL4J's slow stock path:"
                        + " {}", OneDnn.loadError().toString());
            }
        }
        return false;
    }

    private OneDnnConvolution oneDnn() {
        if (oneDnn == null) {
            OneDnnConvolutionLayer c = configuration();
            oneDnn = new OneDnnConvolution(c.getNIn(), c.getNOut(), c.getKernelSize(), c.getStride(),
                    OneDnnLayers.isRelu(c));
        }
        return oneDnn;
    }

    private int[] geometry() {
        OneDnnConvolutionLayer c = configuration();
        return new int[] {c.getKernelSize()[0], c.getKernelSize()[1], c.getStride()[0], c.getStride()[1], 0, 0, 1, 1,
                VALID, NCHW, WEIGHTS_OIHW};
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!fastPathApplies()) {
            trainingOutput = null;
            return super.activate(training, workspaceMgr);
        }
        OneDnnConvolutionLayer c = configuration();
        INDArray x = OneDnnLayers.contiguous(input);
        int heightAxis = isNhwc() ? 1 : 2;
        long outH = (x.size(heightAxis) - c.getKernelSize()[0]) / c.getStride()[0] + 1;
        long outW = (x.size(heightAxis + 1) - c.getKernelSize()[1]) / c.getStride()[1] + 1;
        long[] shape = isNhwc() ? new long[] {x.size(0), outH, outW, c.getNOut()}
                : new long[] {x.size(0), c.getNOut(), outH, outW};
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, shape, 'c');
        INDArray weights = getParam(WEIGHTS);
        INDArray bias = getParam(BIAS).reshape(c.getNOut());
        if (isNhwc()) {
            oneDnn().forward(x, weights, bias, out); // the activation is fused
        } else {
            Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x, weights, bias).addOutputs(out)
                    .addIntegerArguments(geometry()).build());
            OneDnnLayers.activateInPlace(c, out);
        }
        trainingOutput = training ? out : null;
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!fastPathApplies()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        OneDnnLayers.checkTrainingOutput(trainingOutput, epsilon);
        OneDnnConvolutionLayer c = configuration();
        INDArray x = OneDnnLayers.contiguous(input);
        INDArray delta;
        if (isNhwc() && OneDnnLayers.isRelu(c)) {
            delta = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT, epsilon.shape(), 'c');
            oneDnn().reluGradient(x, trainingOutput, OneDnnLayers.contiguous(epsilon), delta);
        } else {
            delta = OneDnnLayers.preActivationGradient(c, trainingOutput, epsilon, workspaceMgr);
        }
        INDArray weightGradient = gradientViews.get(WEIGHTS);
        INDArray biasGradient = gradientViews.get(BIAS);
        INDArray biasGradientVector = OneDnnLayers.viewAs(biasGradient, c.getNOut());
        INDArray inputGradient = null;
        if (isNhwc()) {
            if (c.isInputGradient()) {
                inputGradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, x.shape(),
                        'c');
            }
            oneDnn().backward(x, getParam(WEIGHTS), delta, inputGradient, weightGradient, biasGradientVector);
        } else if (c.isInputGradient()) {
            inputGradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, x.shape(), 'c');
            Nd4j.exec(DynamicCustomOp.builder("conv2d_bp")
                    .addInputs(x, getParam(WEIGHTS), getParam(BIAS).reshape(c.getNOut()), delta)
                    .addOutputs(inputGradient, weightGradient, biasGradientVector)
                    .addIntegerArguments(geometry()).build());
        } else {
            ConvolutionWeightGradient.compute(x, delta, c.getKernelSize(), c.getStride(),
                    OneDnnLayers.viewAs(weightGradient, c.getNOut(), weightGradient.length() / c.getNOut()),
                    workspaceMgr);
            delta.sum(biasGradientVector, 0, 2, 3);
        }
        trainingOutput = null;
        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(BIAS, biasGradient);
        gradient.setGradientFor(WEIGHTS, weightGradient, 'c');
        weightNoiseParams.clear();
        return new Pair<>(gradient, inputGradient);
    }

    @Override
    public void clear() {
        super.clear();
        trainingOutput = null;
    }
}
