package org.dqnspark.core.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.dqnspark.core.env.FrameShape;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

class StateInputTest {
    private static byte[] randomStates(int count, int historyLength, FrameShape shape, long seed) {
        byte[] states = new byte[count * shape.stateChannels(historyLength) * shape.height() * shape.width()];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < states.length; i++) {
            states[i] = (byte) random.nextInt(256);
        }
        return states;
    }

    private static float[] inJava(byte[] states, int count, int historyLength, FrameShape shape, CNN2DFormat format) {
        INDArray input = StateInput.allocate(count, historyLength, shape, format);
        StateInput.fillInJava(input, states, count, historyLength, shape, format);
        return input.data().asFloat();
    }

    @Test
    void statesOfShapesThatAlternateConvertToThePlainJavaFloatsInBothLayouts() {
        assertTrue(OneDnn.available(), "oneDNN loads on the CPU backend");
        // The trainer's labelling thread alternates a minibatch's states and a group's next states.
        int[] counts = {3, 24, 3, 24, 5, 3};
        for (CNN2DFormat format : CNN2DFormat.values()) {
            for (int k = 0; k < counts.length; k++) {
                byte[] states = randomStates(counts[k], 4, FrameShape.ATARI, k);
                float[] converted = StateInput.of(states, counts[k], 4, FrameShape.ATARI, format).data().asFloat();
                assertArrayEquals(inJava(states, counts[k], 4, FrameShape.ATARI, format), converted,
                        format + ", " + counts[k] + " states");
            }
        }
    }

    @Test
    void anArrayGivenBackToThePoolHoldsTheNextStatesOfItsShapeAndNoOtherShape() {
        StateInput.Pool pool = new StateInput.Pool(FrameShape.ATARI, CNN2DFormat.NHWC);
        INDArray first = pool.of(randomStates(3, 4, FrameShape.ATARI, 1), 3, 4);
        pool.giveBack(first);
        INDArray otherShape = pool.of(randomStates(5, 4, FrameShape.ATARI, 2), 5, 4);
        assertNotSame(first, otherShape);
        byte[] states = randomStates(3, 4, FrameShape.ATARI, 3);
        INDArray again = pool.of(states, 3, 4);
        assertSame(first, again);
        assertArrayEquals(inJava(states, 3, 4, FrameShape.ATARI, CNN2DFormat.NHWC), again.data().asFloat());
        assertNotSame(again, pool.of(states, 3, 4), "an array is handed out once until it comes back");
        INDArray view = otherShape.get(NDArrayIndex.interval(0, 2));
        assertThrows(IllegalArgumentException.class, () -> pool.giveBack(view));
    }
}
