package org.dqnspark.core.network;

import org.dqnspark.core.env.FrameShape;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * States as the network sees them: [batch, history x channels, height, width] floats (DL4J's NCHW),
 * pixels scaled from 0..255 to 0..1. A stored state (history frames, oldest first, each channel-major;
 * for Atari one 84 x 84 plane) is already in that order, so converting is one pass.
 */
public final class StateInput {
    public static final int HEIGHT = 84;
    public static final int WIDTH = 84;

    private StateInput() {
    }

    /** {@code count} Atari states (84 x 84 frames) back to back in {@code states}. */
    public static INDArray of(byte[] states, int count, int historyLength) {
        return of(states, count, historyLength, FrameShape.ATARI);
    }

    /** {@code count} states of {@code historyLength} frames of {@code shape}, back to back in {@code states}. */
    public static INDArray of(byte[] states, int count, int historyLength, FrameShape shape) {
        int stateBytes = historyLength * shape.bytes();
        float[] values = new float[count * stateBytes];
        for (int i = 0; i < values.length; i++) {
            values[i] = (states[i] & 0xff) * (1f / 255f);
        }
        return Nd4j.create(values, new long[] {count, shape.stateChannels(historyLength), shape.height(),
            shape.width()}, 'c');
    }
}
