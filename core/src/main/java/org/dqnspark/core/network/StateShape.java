package org.dqnspark.core.network;

import java.io.Serializable;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.dqnspark.core.env.FrameShape;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The shape of a state: {@code historyLength} frames of {@code frame}, oldest first (Nature: 4 frames of
 * 84 x 84; MinAtar: 1 frame of C x 10 x 10).
 */
public record StateShape(FrameShape frame, int historyLength) implements Serializable {
    /** Bytes of one stored state. */
    public int bytes() {
        return frame.bytes() * historyLength;
    }

    /** The network's input channels. */
    public int channels() {
        return frame.stateChannels(historyLength);
    }

    /** {@code count} states back to back in {@code states}, as input to a network taking {@code format}. */
    public INDArray input(byte[] states, int count, CNN2DFormat format) {
        return StateInput.of(states, count, historyLength, frame, format);
    }
}
