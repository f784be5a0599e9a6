package org.dqnspark.core.network;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The layer that {@link OneDnnDenseLayer} configures: on the CPU backend, for float input without a mask or
 * layer normalization, z = x W + b by one matrix product ({@link OneDnn#gemm}: oneDNN's sgemm) with ReLU in
 * place; backprop takes dL/dz from the kept output, then dW = x^T dz, db = column sums of dz and
 * dL/dx = dz W^T, each one product into DL4J's own gradient views. Anything else takes the stock path.
 */
public class OneDnnDenseLayerImpl extends DenseLayer {
    private static final String WEIGHTS = DefaultParamInitializer.WEIGHT_KEY;
    private static final String BIAS = DefaultParamInitializer.BIAS_KEY;

    /** The output of the last training forward pass (in DL4J's activations workspace), for backprop. */
    private INDArray trainingOutput;

    public OneDnnDenseLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    boolean fastPathApplies() {
        org.deeplearning4j.nn.conf.layers.DenseLayer c = layerConf();
        return OneDnnLayers.applies(c, dataType, input) && input.rank() == 2 && input.size(1) == c.getNIn()
                && c.hasBias() && !c.hasLayerNorm() && maskArray == null;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!fastPathApplies()) {
            trainingOutput = null;
            return super.activate(training, workspaceMgr);
        }
        INDArray x = OneDnnLayers.contiguous(input);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
                new long[] {x.size(0), layerConf().getNOut()}, 'c');
        OneDnnLayers.fillRows(out, getParam(BIAS));
        OneDnn.gemm(x, false, getParam(WEIGHTS), false, out, 1.0);
        OneDnnLayers.activateInPlace(layerConf(), out);
        trainingOutput = training ? out : null;
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!fastPathApplies()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        OneDnnLayers.checkTrainingOutput(trainingOutput, epsilon);
        INDArray x = OneDnnLayers.contiguous(input);
        INDArray delta = OneDnnLayers.preActivationGradient(layerConf(), trainingOutput,
                OneDnnLayers.contiguous(epsilon), workspaceMgr);
        INDArray weightGradient = gradientViews.get(WEIGHTS);
        INDArray biasGradient = gradientViews.get(BIAS);
        OneDnn.gemm(x, true, delta, false, weightGradient, 0.0);
        OneDnnLayers.columnSums(delta, biasGradient);
        INDArray inputGradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT,
                x.shape(), 'c');
        OneDnn.gemm(delta, false, getParam(WEIGHTS), true, inputGradient, 0.0);
        trainingOutput = null;
        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(WEIGHTS, weightGradient);
        gradient.gradientForVariable().put(BIAS, biasGradient);
        weightNoiseParams.clear();
        return new Pair<>(gradient, inputGradient);
    }

    @Override
    public void clear() {
        super.clear();
        trainingOutput = null;
    }
}
