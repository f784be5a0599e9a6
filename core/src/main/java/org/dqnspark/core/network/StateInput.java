package org.dqnspark.core.network;

import java.nio.FloatBuffer;
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
 * layers run oneDNN's NHWC kernels, issue 7), NCHW [batch, history x channels, height, width] for MinAtar's
 * and for snapshots made before. A stored state (history frames, oldest first, each channel-major; for
 * Atari one 84 x 84 plane) is already in NCHW order, so that conversion is one pass; NHWC interleaves the
 * planes on the way.
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
        int channels = shape.stateChannels(historyLength);
        int plane = shape.height() * shape.width();
        int stateSize = channels * plane;
        boolean nhwc = format == CNN2DFormat.NHWC;
        long[] arrayShape = nhwc ? new long[] {count, shape.height(), shape.width(), channels}
                : new long[] {count, channels, shape.height(), shape.width()};
        // Written in place into fresh native memory, state by state over the loop threads: Nd4j.create(float[])
        // and even Nd4j.createUninitialized zero the buffer first, and Nd4j.create copies it again; for a
        // minibatch of 32 Atari states that was 5-7 ms here, this is 1.6 (issue 7).
        FloatPointer memory = new FloatPointer((long) count * stateSize);
        INDArray input = Nd4j.create(Nd4j.createBuffer(memory, DataType.FLOAT, memory.capacity(), FloatIndexer.create(memory)),
                arrayShape, Nd4j.getStrides(arrayShape, 'c'), 0, 'c');
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
        return input;
    }
}
