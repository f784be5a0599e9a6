package org.dqnspark.core.network;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Collection;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the oneDNN layers ({@link OneDnnConvolutionLayerImpl}, {@link OneDnnDenseLayerImpl},
 * {@link OneDnnOutputLayerImpl}) share: when they apply, ReLU, and array views.
 */
final class OneDnnLayers {
    private OneDnnLayers() {
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

    /**
     * Wires a new layer implementation the way DL4J's own layer configurations do in {@code instantiate}:
     * listeners, index, its view of the network's flat parameters and the parameter table over it.
     */
    static <L extends org.deeplearning4j.nn.layers.BaseLayer<?>> L wired(L layer, BaseLayer conf,
            NeuralNetConfiguration netConf, Collection<TrainingListener> listeners, int index, INDArray paramsView,
            boolean initializeParams) {
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(conf.initializer().init(netConf, paramsView, initializeParams));
        layer.setConf(netConf);
        return layer;
    }

    /**
     * {@code twin} with every setting of {@code stock} copied over: the instance fields of {@code type} and
     * its superclasses. For the oneDNN twins of stock layer configurations whose builders' constructors are
     * private, so that a subclass cannot be built the usual way.
     */
    static <T, F extends T> F copySettings(Class<T> type, T stock, F twin) {
        for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                try {
                    field.setAccessible(true);
                    field.set(twin, field.get(stock));
                } catch (IllegalAccessException | RuntimeException e) {
                    throw new IllegalStateException("cannot copy " + c.getName() + "." + field.getName(), e);
                }
            }
        }
        return twin;
    }

    static boolean isRelu(BaseLayer conf) {
        return conf.getActivationFn() instanceof ActivationReLU;
    }

    /**
     * Applies the activation to {@code z} (contiguous, as the layers create it) in place: ReLU as a plain-Java
     * pass, like its gradient (ND4J's relu op cost more than the pass on the dense layer's [32, 512]).
     */
    static void activateInPlace(BaseLayer conf, INDArray z) {
        if (!isRelu(conf)) {
            return;
        }
        FloatBuffer values = floats(z);
        ParallelLoops.forRange((int) z.length(), 1 << 15, (from, to) -> {
            float[] block = new float[BLOCK];
            for (int start = from; start < to; start += BLOCK) {
                int n = Math.min(BLOCK, to - start);
                values.get(start, block, 0, n);
                for (int i = 0; i < n; i++) {
                    block[i] = Math.max(block[i], 0f);
                }
                values.put(start, block, 0, n);
            }
        });
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
            reluGradient(contiguous(output), contiguous(epsilon), delta);
        } else {
            delta.assign(epsilon);
        }
        return delta;
    }

    private static final int BLOCK = 4096;

    /**
     * delta = epsilon where output > 0, else 0, in plain Java over blocks (libnd4j's relu_bp op took about
     * a tenth of the whole update).
     */
    private static void reluGradient(INDArray output, INDArray epsilon, INDArray delta) {
        FloatBuffer out = floats(output);
        FloatBuffer eps = floats(epsilon);
        FloatBuffer d = floats(delta);
        ParallelLoops.forRange((int) delta.length(), 1 << 15, (from, to) -> {
            float[] o = new float[BLOCK];
            float[] e = new float[BLOCK];
            for (int start = from; start < to; start += BLOCK) {
                int n = Math.min(BLOCK, to - start);
                out.get(start, o, 0, n);
                eps.get(start, e, 0, n);
                for (int i = 0; i < n; i++) {
                    e[i] = o[i] > 0 ? e[i] : 0f;
                }
                d.put(start, e, 0, n);
            }
        });
    }

    /**
     * Each row of {@code matrix} [B, N] (contiguous, c order) set to {@code bias} (N elements, contiguous),
     * so that a product added on top (beta = 1) gives x W + b without a separate broadcast op.
     */
    static void fillRows(INDArray matrix, INDArray bias) {
        int rows = (int) matrix.size(0);
        int columns = (int) matrix.size(1);
        float[] b = new float[columns];
        floats(contiguousVector(bias)).get(0, b);
        FloatBuffer out = floats(matrix);
        for (int j = 0; j < rows; j++) {
            out.put(j * columns, b);
        }
    }

    /**
     * into[n] = sum over rows j of delta[j, n], for delta [B, N] contiguous in c order and {@code into} a
     * contiguous N-element array (DL4J's [1, N] bias gradient view): an ND4J sum op cost more than the sums.
     */
    static void columnSums(INDArray delta, INDArray into) {
        int rows = (int) delta.size(0);
        int columns = (int) delta.size(1);
        float[] d = new float[rows * columns];
        floats(delta).get(0, d);
        float[] sums = new float[columns];
        for (int j = 0; j < rows; j++) {
            for (int n = 0; n < columns; n++) {
                sums[n] += d[j * columns + n];
            }
        }
        floats(viewAs(into, columns)).put(0, sums);
    }

    /** The elements of a contiguous array as a buffer whose index 0 is its first element. */
    static FloatBuffer floats(INDArray array) {
        return array.data().asNioFloat().slice();
    }

    static void checkTrainingOutput(INDArray output, INDArray epsilon) {
        if (output == null || !Arrays.equals(output.shape(), epsilon.shape())) {
            throw new IllegalStateException("backprop without a training forward pass of this input: call "
                    + "activate(true, ...) first (MultiLayerNetwork.fit and computeGradientAndScore do)");
        }
    }

    /**
     * {@code vector} itself when its elements lie next to each other in memory, whatever its order (DL4J's
     * [1, N] bias views are f-ordered), else a contiguous copy.
     */
    static INDArray contiguousVector(INDArray vector) {
        return vector.isVector() && vector.elementWiseStride() == 1 ? vector : contiguous(vector);
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
