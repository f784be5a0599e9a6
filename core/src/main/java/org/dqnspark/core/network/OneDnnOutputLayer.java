package org.dqnspark.core.network;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The configuration of a DL4J output layer whose products run on oneDNN's sgemm ({@link OneDnn#gemm})
 * instead of ND4J's {@code mmul} op, which for this layer's small matrices (32 x 512 x 18) cost mostly
 * ND4J's fixed price per op, three times per fit (bench/RESULTS.md, compute.sh). The layer that computes is
 * {@link OneDnnOutputLayerImpl}. Parameters, loss, masking, JSON (and its former name) and the
 * fallback rules are as for {@link OneDnnDenseLayer}.
 */
public class OneDnnOutputLayer extends OutputLayer {
    private static final long serialVersionUID = 1L;

    /** For Jackson, which sets the fields after. */
    public OneDnnOutputLayer() {
    }

    /** The oneDNN twin of a stock output layer configuration: every setting copied over. */
    public static OneDnnOutputLayer of(OutputLayer stock) {
        return OneDnnLayers.copySettings(OutputLayer.class, stock, new OneDnnOutputLayer());
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
            int layerIndex, INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("OneDnnOutputLayer", getLayerName(), layerIndex, getNIn(), getNOut());
        return OneDnnLayers.wired(new OneDnnOutputLayerImpl(conf, networkDataType), this, conf, trainingListeners,
                layerIndex, layerParamsView, initializeParams);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OneDnnOutputLayer && super.equals(o);
    }

    @Override
    protected boolean canEqual(Object other) {
        return other instanceof OneDnnOutputLayer;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + 2;
    }
}
