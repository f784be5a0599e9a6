package org.dqnspark.core.network;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The configuration of a DL4J dense layer whose products run on oneDNN's sgemm ({@link OneDnn#gemm}; DL4J's
 * forward pass uses ND4J's {@code mmul}) and whose backprop reuses the forward output instead of recomputing
 * it (bench/RESULTS.md, compute.sh). The layer that computes is {@link OneDnnDenseLayerImpl}.
 * Parameters, JSON (and its former name) and the fallback rules are as for {@link OneDnnConvolutionLayer}.
 */
public class OneDnnDenseLayer extends DenseLayer {
    private static final long serialVersionUID = 1L;

    /** For Jackson, which sets the fields after. */
    public OneDnnDenseLayer() {
    }

    /**
     * The oneDNN twin of a stock dense layer configuration: every setting copied over. (DenseLayer's builder
     * constructor is private, so a subclass cannot be built the usual way.)
     */
    public static OneDnnDenseLayer of(DenseLayer stock) {
        return OneDnnLayers.copySettings(DenseLayer.class, stock, new OneDnnDenseLayer());
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
            int layerIndex, INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("OneDnnDenseLayer", getLayerName(), layerIndex, getNIn(), getNOut());
        return OneDnnLayers.wired(new OneDnnDenseLayerImpl(conf, networkDataType), this, conf, trainingListeners,
                layerIndex, layerParamsView, initializeParams);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OneDnnDenseLayer && super.equals(o);
    }

    @Override
    protected boolean canEqual(Object other) {
        return other instanceof OneDnnDenseLayer;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + 1;
    }
}
