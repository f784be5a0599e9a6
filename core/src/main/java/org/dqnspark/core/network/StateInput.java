package org.dqnspark.core.network;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * States as the network sees them: [batch, history, 84, 84] floats (DL4J's NCHW), pixels scaled from
 * 0..255 to 0..1. A stored state (history frames of 84 x 84 bytes, oldest first) is already in that
 * order, so converting is one pass.
 */
public final class StateInput {
    public static final int HEIGHT = 84;
    public static final int WIDTH = 84;

    private StateInput() {
    }

    /** {@code count} states of {@code stateBytes} each, back to back in {@code states}. */
    public static INDArray of(byte[] states, int count, int historyLength) {
        int stateBytes = historyLength * HEIGHT * WIDTH;
        float[] values = new float[count * stateBytes];
        for (int i = 0; i < values.length; i++) {
            values[i] = (states[i] & 0xff) * (1f / 255f);
        }
        return Nd4j.create(values, new long[] {count, historyLength, HEIGHT, WIDTH}, 'c');
    }
}
