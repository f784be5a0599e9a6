package org.dqnspark.core.network;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.ThresholdReluBp;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** What {@link FastConvolution} and {@link FastDense} share: when they apply, ReLU, and array views. */
final class FastLayers {
    private FastLayers() {
    }

    /**
     * Whether a layer configured as {@code conf}, in a network of {@code dataType}, may take the fast path:
     * on ND4J's CPU backend, in floats, with a plain ReLU or identity activation, a bias, and no dropout or
     * weight noise (which the fast paths do not implement).
     */
    static boolean applies(BaseLayer conf, DataType dataType, INDArray input) {
        IActivation activation = conf.getActivationFn();
        return Nd4j.getEnvironment().isCPU()
                && dataType == DataType.FLOAT
                && input != null && input.dataType() == DataType.FLOAT
                && (activation instanceof ActivationReLU && activation.equals(new ActivationReLU())
                        || activation instanceof ActivationIdentity)
                && conf.getIDropout() == null && conf.getWeightNoise() == null;
    }

    static boolean isRelu(BaseLayer conf) {
        return conf.getActivationFn() instanceof ActivationReLU;
    }

    /** Applies the activation to {@code z} in place. */
    static void activateInPlace(BaseLayer conf, INDArray z) {
        if (isRelu(conf)) {
            Transforms.relu(z, false);
        }
    }

    /**
     * dL/dz from dL/d(output) and the output itself: ReLU passes the gradient where its output is
     * positive, that is where z > 0; the identity passes it all.
     */
    static INDArray preActivationGradient(BaseLayer conf, INDArray output, INDArray epsilon,
            LayerWorkspaceMgr workspaceMgr) {
        INDArray delta = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT,
                epsilon.shape(), 'c');
        if (isRelu(conf)) {
            Nd4j.exec(new ThresholdReluBp(output, epsilon, delta, 0.0));
        } else {
            delta.assign(epsilon);
        }
        return delta;
    }

    static void checkTrainingOutput(INDArray output, INDArray epsilon) {
        if (output == null || !Arrays.equals(output.shape(), epsilon.shape())) {
            throw new IllegalStateException("backprop without a training forward pass of this input: call "
                    + "activate(true, ...) first (MultiLayerNetwork.fit and computeGradientAndScore do)");
        }
    }

    static INDArray contiguous(INDArray array) {
        return array.ordering() == 'c' && Shape.hasDefaultStridesForShape(array) ? array : array.dup('c');
    }

    /** {@code array} reshaped without a copy, so that writes land in it (DL4J's gradient views). */
    static INDArray viewAs(INDArray array, long... shape) {
        if (Arrays.equals(array.shape(), shape)) {
            return array;
        }
        INDArray view = Shape.newShapeNoCopy(array, shape, array.ordering() == 'f');
        if (view == null) {
            throw new IllegalStateException("cannot view " + Arrays.toString(array.shape()) + " as "
                    + Arrays.toString(shape) + " without a copy");
        }
        return view;
    }
}
