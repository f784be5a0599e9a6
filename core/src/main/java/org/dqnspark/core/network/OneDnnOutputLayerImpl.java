package org.dqnspark.core.network;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * The layer that {@link OneDnnOutputLayer} configures: on the CPU backend, for float input without dropout or
 * weight noise and with an identity (or ReLU) activation, z = x W + b is one sgemm onto rows pre-filled
 * with b (then DL4J's label mask, as the stock layer applies it), and backprop is the loss's dL/dz, then
 * dW = x^T dz and dL/dx = dz W^T by sgemm and db as column sums. The loss, the score and the masking are
 * DL4J's own. Anything else takes the stock path.
 */
public class OneDnnOutputLayerImpl extends OutputLayer {
    private static final String WEIGHTS = DefaultParamInitializer.WEIGHT_KEY;
    private static final String BIAS = DefaultParamInitializer.BIAS_KEY;

    public OneDnnOutputLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    boolean fastPathApplies() {
        org.deeplearning4j.nn.conf.layers.OutputLayer c = layerConf();
        return OneDnnLayers.applies(c, dataType, input) && input.rank() == 2 && input.size(1) == c.getNIn()
                && c.hasBias();
    }

    @Override
    protected Pair<INDArray, INDArray> preOutputWithPreNorm(boolean training, boolean forBackprop,
            LayerWorkspaceMgr workspaceMgr) {
        if (!fastPathApplies()) {
            return super.preOutputWithPreNorm(training, forBackprop, workspaceMgr);
        }
        assertInputSet(forBackprop);
        int batch = (int) input.size(0);
        int outputs = (int) layerConf().getNOut();
        INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, new long[] {batch, outputs},
                'c');
        OneDnnLayers.fillRows(z, getParam(BIAS));
        OneDnn.gemm(OneDnnLayers.contiguous(input), false, getParam(WEIGHTS), false, z, 1.0);
        if (maskArray != null) {
            applyMask(z);
        }
        return new Pair<>(z, z);
    }

    /**
     * DL4J's masking of the output (a [B, A] mask entry by entry, a [B, 1] mask row by row), in plain Java
     * for a float mask: ND4J's multiply op cost more than the [32, 18] product it follows, three times per fit.
     */
    @Override
    protected void applyMask(INDArray to) {
        INDArray mask = maskArray;
        boolean perEntry = Arrays.equals(mask.shape(), to.shape());
        boolean perRow = mask.length() == to.size(0) && (mask.rank() == 1 || mask.size(1) == 1);
        if (mask.dataType() != DataType.FLOAT || !Shape.hasDefaultStridesForShape(mask) || mask.ordering() != 'c'
                || !(perEntry || perRow)) {
            super.applyMask(to);
            return;
        }
        int rows = (int) to.size(0);
        int columns = (int) to.size(1);
        float[] z = new float[rows * columns];
        FloatBuffer values = OneDnnLayers.floats(to);
        values.get(0, z);
        FloatBuffer m = OneDnnLayers.floats(mask);
        for (int i = 0; i < z.length; i++) {
            z[i] *= m.get(perEntry ? i : i / columns);
        }
        values.put(0, z);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!fastPathApplies()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        INDArray z = preOutput2d(true, workspaceMgr);
        INDArray delta = OneDnnLayers.contiguous(layerConf().getLossFn().computeGradient(
                getLabels2d(workspaceMgr, ArrayType.BP_WORKING_MEM), z, layerConf().getActivationFn(), maskArray));
        INDArray x = OneDnnLayers.contiguous(input);
        INDArray weightGradient = gradientViews.get(WEIGHTS);
        INDArray biasGradient = gradientViews.get(BIAS);
        OneDnn.gemm(x, true, delta, false, weightGradient, 0.0);
        OneDnnLayers.columnSums(delta, biasGradient);
        INDArray inputGradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, x.shape(),
                'c');
        OneDnn.gemm(delta, false, getParam(WEIGHTS), true, inputGradient, 0.0);
        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(WEIGHTS, weightGradient);
        gradient.gradientForVariable().put(BIAS, biasGradient);
        return new Pair<>(gradient, inputGradient);
    }
}
