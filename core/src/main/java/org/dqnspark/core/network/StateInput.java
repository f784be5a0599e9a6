package org.dqnspark.core.network;

import java.nio.FloatBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.core.env.FrameShape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * States as a network sees them: floats, pixels scaled from 0..255 to 0..1, in the layout of the network's
 * first convolution: NHWC [batch, height, width, history x channels] for the Nature network (its fast
 * layers run oneDNN's NHWC kernels, bench/RESULTS.md, compute.sh), NCHW [batch, history x channels,
 * height, width] for MinAtar's and for snapshots made before. A stored state (history frames, oldest
 * first, each channel-major; for Atari one 84 x 84 plane) is already in NCHW order, so that conversion is
 * one pass; NHWC interleaves the planes on the way. The pass is a oneDNN reorder where oneDNN loads
 * ({@link OneDnnStateConversion}), plain Java elsewhere; both give the same floats.
 */
public final class StateInput {
    public static final int HEIGHT = 84;
    public static final int WIDTH = 84;

    private StateInput() {
    }

    /** The layout {@code network} takes its states in: its first layer's, NCHW unless that says NHWC. */
    public static CNN2DFormat formatOf(MultiLayerNetwork network) {
        return network.getLayerWiseConfigurations().getConf(0).getLayer() instanceof ConvolutionLayer first
                && first.getCnn2dDataFormat() == CNN2DFormat.NHWC ? CNN2DFormat.NHWC : CNN2DFormat.NCHW;
    }

    /** {@code count} Atari states (84 x 84 frames) back to back in {@code states}. */
    public static INDArray of(byte[] states, int count, int historyLength, CNN2DFormat format) {
        return of(states, count, historyLength, FrameShape.ATARI, format);
    }

    /** {@code count} states of {@code historyLength} frames of {@code shape}, back to back in {@code states}. */
    public static INDArray of(byte[] states, int count, int historyLength, FrameShape shape, CNN2DFormat format) {
        INDArray input = allocate(count, historyLength, shape, format);
        fill(input, states, count, historyLength, shape, format);
        return input;
    }

    /**
     * Fresh native memory for {@code count} states, not zeroed: Nd4j.create(float[]) and even
     * Nd4j.createUninitialized zero the buffer first, and Nd4j.create copies it again; for a minibatch of 32
     * Atari states that was 5-7 ms here, against 2 for {@link #of} (bench/RESULTS.md, compute.sh).
     */
    static INDArray allocate(int count, int historyLength, FrameShape shape, CNN2DFormat format) {
        long[] arrayShape = shapeOf(count, historyLength, shape, format);
        FloatPointer memory = new FloatPointer(Arrays.stream(arrayShape).reduce(1, Math::multiplyExact));
        return Nd4j.create(Nd4j.createBuffer(memory, DataType.FLOAT, memory.capacity(), FloatIndexer.create(memory)),
                arrayShape, Nd4j.getStrides(arrayShape, 'c'), 0, 'c');
    }

    /** The array shape of {@code count} states in {@code format}. */
    private static long[] shapeOf(int count, int historyLength, FrameShape shape, CNN2DFormat format) {
        int channels = shape.stateChannels(historyLength);
        return format == CNN2DFormat.NHWC ? new long[] {count, shape.height(), shape.width(), channels}
                : new long[] {count, channels, shape.height(), shape.width()};
    }

    /** Writes the states into {@code input}: one oneDNN reorder where oneDNN loads, else a Java pass. */
    private static void fill(INDArray input, byte[] states, int count, int historyLength, FrameShape shape,
            CNN2DFormat format) {
        if (OneDnn.available()) {
            OneDnnStateConversion.forThisThread().convert(states, count, shape.stateChannels(historyLength),
                    shape.height(), shape.width(), format, input);
        } else {
            fillInJava(input, states, count, historyLength, shape, format);
        }
    }

    /** {@link #fill} in plain Java, state by state over the loop threads. */
    static void fillInJava(INDArray input, byte[] states, int count, int historyLength, FrameShape shape,
            CNN2DFormat format) {
        int channels = shape.stateChannels(historyLength);
        int plane = shape.height() * shape.width();
        int stateSize = channels * plane;
        boolean nhwc = format == CNN2DFormat.NHWC;
        FloatBuffer out = input.data().asNioFloat().slice();
        ParallelLoops.forRange(count, 4, (from, to) -> {
            float[] state = new float[stateSize];
            for (int b = from; b < to; b++) {
                int base = b * stateSize;
                if (nhwc) {
                    for (int c = 0; c < channels; c++) {
                        int at = base + c * plane;
                        for (int p = 0; p < plane; p++) {
                            state[p * channels + c] = (states[at + p] & 0xff) * (1f / 255f);
                        }
                    }
                } else {
                    for (int i = 0; i < stateSize; i++) {
                        state[i] = (states[base + i] & 0xff) * (1f / 255f);
                    }
                }
                out.put(base, state);
            }
        });
    }

    /**
     * Native arrays of states that leave the thread that fills them and come back when their user is done (a
     * minibatch's states, filled by the thread that samples ahead of the fit and fitted on another): so that
     * sampling writes into memory it has written before. Fresh native memory costs its page faults on every
     * minibatch (a Nature minibatch's states and next states, 7 MB: about 880 faults, 1-10 ms of the sampling
     * thread's CPU against 1.1 ms without them, bench/RESULTS.md), and ND4J frees it only after a garbage
     * collection. The pool holds no more arrays than were ever out at once. Thread-safe.
     */
    public static final class Pool {
        private final FrameShape shape;
        private final CNN2DFormat format;
        private final Map<List<Long>, ArrayDeque<INDArray>> idle = new HashMap<>();

        public Pool(FrameShape shape, CNN2DFormat format) {
            this.shape = shape;
            this.format = format;
        }

        /**
         * {@code count} states of {@code historyLength} frames back to back in {@code states}, in an array of the
         * pool's (one given back, else new), the caller's until it {@link #giveBack gives it back}.
         */
        public INDArray of(byte[] states, int count, int historyLength) {
            INDArray input = take(count, historyLength);
            fill(input, states, count, historyLength, shape, format);
            return input;
        }

        /** Returns {@code states}, an array of {@link #of}, to the pool: its memory is overwritten by a later call. */
        public void giveBack(INDArray states) {
            if (states.isView()) {
                throw new IllegalArgumentException("give back the whole array of states, not a view of it");
            }
            synchronized (idle) {
                idle.computeIfAbsent(key(states.shape()), k -> new ArrayDeque<>()).push(states);
            }
        }

        private INDArray take(int count, int historyLength) {
            INDArray fresh = null;
            synchronized (idle) {
                ArrayDeque<INDArray> same = idle.get(key(shapeOf(count, historyLength, shape, format)));
                if (same != null && !same.isEmpty()) {
                    fresh = same.pop();
                }
            }
            return fresh != null ? fresh : allocate(count, historyLength, shape, format);
        }

        private static List<Long> key(long[] arrayShape) {
            return Arrays.stream(arrayShape).boxed().toList();
        }
    }

    /**
     * States converted into one native buffer, reused from call to call: for a caller done with each batch's
     * array before it asks for the next (a policy's step, the target network's forward in the sampler), so
     * that no call pays for fresh memory (its page faults: about 1 ms of the 2 for 32 Atari states here).
     * One per thread: not thread-safe.
     */
    public static final class Reused {
        private final FrameShape shape;
        private final CNN2DFormat format;
        private INDArray input;
        private int historyLength;

        public Reused(FrameShape shape, CNN2DFormat format) {
            this.shape = shape;
            this.format = format;
        }

        /**
         * {@code count} states of {@code historyLength} frames back to back in {@code states}, in the buffer
         * (valid until the next call).
         */
        public INDArray of(byte[] states, int count, int historyLength) {
            if (input == null || input.size(0) != count || this.historyLength != historyLength) {
                input = allocate(count, historyLength, shape, format);
                this.historyLength = historyLength;
            }
            fill(input, states, count, historyLength, shape, format);
            return input;
        }
    }
}
