package org.dqnspark.core.network;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The configuration of a DL4J convolution layer whose forward and backward pass run on oneDNN (2.5, called
 * directly, for NHWC data; libnd4j's conv2d/conv2d_bp ops for NCHW) instead of DL4J 1.0.0-M2.1's own im2col
 * path, which never reaches oneDNN and recomputes the forward pass during backprop (bench/RESULTS.md,
 * compute.sh). Networks are built from it; {@link #instantiate} makes the layer that computes,
 * {@link OneDnnConvolutionLayerImpl}.
 *
 * <p>It is a {@link ConvolutionLayer} in everything DL4J sees: the same parameters in the same order
 * and shapes (so the flat parameter view, parameter averaging, snapshots and a stock network's weights
 * carry over unchanged), the same output type, and JSON that names this class (older snapshots name it by
 * its former name, which {@link LegacyLayerNames} resolves). {@link OneDnnConvolutionLayerImpl}
 * falls back to the stock implementation for anything its fast path does not cover (see there).
 *
 * <p>{@code inputGradient(false)} is for a network's first layer: nothing needs the gradient with respect
 * to the screens, so backprop computes only the weight and bias gradients and returns no input gradient.
 */
public class OneDnnConvolutionLayer extends ConvolutionLayer {
    private static final long serialVersionUID = 1L;

    private boolean inputGradient = true;

    /** For Jackson, which sets the fields after. */
    public OneDnnConvolutionLayer() {
    }

    private OneDnnConvolutionLayer(Builder builder) {
        super(builder);
        this.inputGradient = builder.inputGradient;
    }

    /** Whether backprop returns the gradient with respect to the layer's input. */
    public boolean isInputGradient() {
        return inputGradient;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
            int layerIndex, INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("OneDnnConvolutionLayer", getLayerName(), layerIndex, getNIn(), getNOut());
        return OneDnnLayers.wired(new OneDnnConvolutionLayerImpl(conf, networkDataType), this, conf, trainingListeners,
                layerIndex, layerParamsView, initializeParams);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OneDnnConvolutionLayer other && super.equals(other) && inputGradient == other.inputGradient;
    }

    @Override
    protected boolean canEqual(Object other) {
        return other instanceof OneDnnConvolutionLayer;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Boolean.hashCode(inputGradient);
    }

    /**
     * Builds a {@link OneDnnConvolutionLayer}; call {@link #inputGradient} before the inherited setters,
     * which return the stock builder type.
     */
    public static class Builder extends ConvolutionLayer.Builder {
        private boolean inputGradient = true;

        public Builder(int... kernelSize) {
            super(kernelSize);
        }

        public Builder inputGradient(boolean inputGradient) {
            this.inputGradient = inputGradient;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public OneDnnConvolutionLayer build() {
            super.build(); // the stock builder's validation of kernel, stride, padding and mode
            return new OneDnnConvolutionLayer(this);
        }
    }
}
