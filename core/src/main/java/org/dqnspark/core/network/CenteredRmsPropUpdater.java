package org.dqnspark.core.network;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The arithmetic of {@link CenteredRmsProp} for one block of parameters. Its state, g and g2, are two
 * halves of the updater view array that DL4J owns, so that DL4J saves and restores them with the network
 * (ModelSerializer's updater state) without knowing what they are.
 */
public final class CenteredRmsPropUpdater implements GradientUpdater<CenteredRmsProp> {
    /** State key of g, the running mean of the gradient. */
    public static final String MEAN_GRADIENT = "g";
    /** State key of g2, the running mean of the squared gradient. */
    public static final String MEAN_SQUARED_GRADIENT = "g2";

    private final CenteredRmsProp config;
    private INDArray meanGradient;
    private INDArray meanSquaredGradient;
    /**
     * Working memory for the squares, kept between steps so that a step allocates nothing. Detached from
     * any workspace: DL4J calls {@link #applyUpdater} inside its updater workspace, which is reset after.
     */
    private INDArray scratch;

    public CenteredRmsPropUpdater(CenteredRmsProp config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public CenteredRmsProp getConfig() {
        return config;
    }

    /**
     * Uses the first half of {@code viewArray} as g and the second as g2, each shaped as
     * {@code gradientShape}; both start at zero (Graves 2013; DeepMind's dqn code) when asked to initialize.
     */
    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder,
            boolean initialize) {
        if (!viewArray.isVectorOrScalar()) {
            throw new IllegalArgumentException("Expected a vector view array, got shape "
                    + Arrays.toString(viewArray.shape()));
        }
        if (initialize) {
            viewArray.assign(0);
        }
        INDArray flat = viewArray.reshape(viewArray.length());
        long half = flat.length() / 2;
        INDArray first = flat.get(NDArrayIndex.interval(0, half));
        INDArray second = flat.get(NDArrayIndex.interval(half, flat.length()));
        meanGradient = viewOf(first, gradientShape, gradientOrder);
        meanSquaredGradient = viewOf(second, gradientShape, gradientOrder);
        scratch = null;
    }

    @Override
    public void setState(Map<String, INDArray> state, boolean initialize) {
        if (state.size() != 2 || !state.containsKey(MEAN_GRADIENT)
                || !state.containsKey(MEAN_SQUARED_GRADIENT)) {
            throw new IllegalStateException("Centered RMSProp state needs exactly the keys " + MEAN_GRADIENT
                    + " and " + MEAN_SQUARED_GRADIENT + ", got " + state.keySet());
        }
        meanGradient = state.get(MEAN_GRADIENT);
        meanSquaredGradient = state.get(MEAN_SQUARED_GRADIENT);
        if (initialize) {
            meanGradient.assign(0);
            meanSquaredGradient.assign(0);
        }
        scratch = null;
    }

    @Override
    public Map<String, INDArray> getState() {
        Map<String, INDArray> state = new HashMap<>();
        state.put(MEAN_GRADIENT, meanGradient);
        state.put(MEAN_SQUARED_GRADIENT, meanSquaredGradient);
        return state;
    }

    /**
     * Updates g and g2 with {@code gradient}, then overwrites {@code gradient} with
     * {@code lr * grad / sqrt(g2 - g^2 + eps)}. DL4J then SUBTRACTS this array from the
     * parameters (for SGD, its NegativeDefaultStepFunction does {@code params -= update}), the descent
     * step of DeepMind's code.
     */
    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        if (meanGradient == null || meanSquaredGradient == null) {
            throw new IllegalStateException("Updater has not been initialized with view state");
        }
        INDArray grad = viewOf(gradient, meanGradient.shape(), gradient.ordering());
        double learningRate = config.getLearningRate(iteration, epoch);
        if (FloatLoop.applies(grad, meanGradient, meanSquaredGradient)) {
            FloatLoop.apply(config, learningRate, grad, meanGradient, meanSquaredGradient);
            return;
        }
        INDArray work = scratch(grad);
        double gradientMomentum = config.getGradientMomentum();
        double squaredGradientMomentum = config.getSquaredGradientMomentum();

        // g = m_g * g + (1 - m_g) * grad
        work.assign(grad).muli(1 - gradientMomentum);
        meanGradient.muli(gradientMomentum).addi(work);
        // g2 = m_s * g2 + (1 - m_s) * grad^2
        work.assign(grad).muli(grad).muli(1 - squaredGradientMomentum);
        meanSquaredGradient.muli(squaredGradientMomentum).addi(work);
        // sqrt(g2 - g^2 + eps): eps under the root, as in DeepMind's NeuralQLearner
        work.assign(meanGradient).muli(meanGradient).rsubi(meanSquaredGradient).addi(config.getEpsilon());
        Transforms.sqrt(work, false);
        // In place: gradient becomes lr * grad / sqrt(...), the amount DL4J subtracts from the parameters.
        grad.divi(work).muli(learningRate);
    }

    /**
     * The same step as one pass of plain Java over float memory, split over {@link ParallelLoops}: each
     * element is read and written once, where the ND4J ops above pass over the 1.7M parameters of the
     * Nature network about ten times (3.9 ms against well under 1 ms, bench/RESULTS.md, compute.sh).
     */
    static final class FloatLoop {
        private static final int MIN_CHUNK = 1 << 16;
        /**
         * Floats per block: three blocks of 1024 (12 KB) stay in a core's L1 data cache (48 KB here) between
         * the copy in, the arithmetic and the copy out; 4096 (48 KB) did not, and the pass over the Nature
         * network's 1.69M parameters took 2.2 ms against 1.9-2.0 (bench/RESULTS.md, compute.sh).
         */
        private static final int BLOCK = 1024;

        private FloatLoop() {
        }

        /** Float vectors whose elements lie next to each other in memory (DL4J's flat views are). */
        static boolean applies(INDArray... arrays) {
            for (INDArray array : arrays) {
                if (array.dataType() != DataType.FLOAT || !array.isVectorOrScalar()
                        || array.elementWiseStride() != 1 || array.length() > Integer.MAX_VALUE) {
                    return false;
                }
            }
            return true;
        }

        static void apply(CenteredRmsProp config, double learningRate, INDArray gradient, INDArray meanGradient,
                INDArray meanSquaredGradient) {
            FloatBuffer grad = floats(gradient);
            FloatBuffer g = floats(meanGradient);
            FloatBuffer g2 = floats(meanSquaredGradient);
            float mg = (float) config.getGradientMomentum();
            float ms = (float) config.getSquaredGradientMomentum();
            float eps = (float) config.getEpsilon();
            float lr = (float) learningRate;
            ParallelLoops.forRange((int) gradient.length(), MIN_CHUNK, (from, to) -> {
                // Blocks copied into Java arrays, where the JIT vectorizes the arithmetic (buffer accesses
                // one at a time do not).
                float[] d = new float[BLOCK];
                float[] m = new float[BLOCK];
                float[] m2 = new float[BLOCK];
                for (int start = from; start < to; start += BLOCK) {
                    int n = Math.min(BLOCK, to - start);
                    grad.get(start, d, 0, n);
                    g.get(start, m, 0, n);
                    g2.get(start, m2, 0, n);
                    for (int i = 0; i < n; i++) {
                        float gi = mg * m[i] + (1 - mg) * d[i];
                        float g2i = ms * m2[i] + (1 - ms) * d[i] * d[i];
                        m[i] = gi;
                        m2[i] = g2i;
                        d[i] = lr * d[i] / (float) Math.sqrt(g2i - gi * gi + eps);
                    }
                    grad.put(start, d, 0, n);
                    g.put(start, m, 0, n);
                    g2.put(start, m2, 0, n);
                }
            });
        }

        /** The array's elements, index 0 being its first. */
        private static FloatBuffer floats(INDArray array) {
            return array.data().asNioFloat().slice();
        }
    }

    private INDArray scratch(INDArray like) {
        if (scratch == null || scratch.dataType() != like.dataType()
                || !Arrays.equals(scratch.shape(), like.shape())) {
            scratch = Nd4j.createUninitializedDetached(like.dataType(), like.shape());
        }
        return scratch;
    }

    /** {@code array} reshaped without copying, so that writes to the result land in {@code array}. */
    private static INDArray viewOf(INDArray array, long[] shape, char order) {
        if (Arrays.equals(array.shape(), shape)) {
            return array;
        }
        INDArray view = Shape.newShapeNoCopy(array, shape, order == 'f');
        if (view == null) {
            throw new IllegalStateException("Cannot view an array of shape " + Arrays.toString(array.shape())
                    + " as " + Arrays.toString(shape) + " without copying");
        }
        return view;
    }
}
