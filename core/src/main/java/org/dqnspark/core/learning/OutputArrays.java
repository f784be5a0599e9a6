package org.dqnspark.core.learning;

import java.nio.FloatBuffer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the Q-network's losses ({@link ClippedTdLoss}, {@link DemonstrationLoss}) read from and hand back to DL4J,
 * as plain arrays: their arithmetic works on a [B, A] matrix (A the actions: 18 at most) in plain Java, since as
 * ND4J ops each of its dozen steps paid ND4J's fixed cost per op, together about a tenth of a whole
 * Nature-network update (bench/RESULTS.md, compute.sh).
 */
final class OutputArrays {
    private OutputArrays() {
    }

    /** The layer's output activation(preOutput), in c order. */
    static double[] activations(INDArray preOutput, IActivation activationFn) {
        return values(activationFn instanceof ActivationIdentity ? preOutput
                : activationFn.getActivation(preOutput.dup(), true));
    }

    /**
     * dL/d(preOutput) from dL/d(output), given in c order: for IDENTITY, the output layer the losses are for,
     * dL/d(output) itself.
     */
    static INDArray gradientOfPreOutput(double[] dLdOutput, INDArray preOutput, IActivation activationFn) {
        INDArray gradient = Nd4j.create(dLdOutput, preOutput.shape(), 'c').castTo(preOutput.dataType());
        return activationFn instanceof ActivationIdentity ? gradient
                : activationFn.backprop(preOutput.dup(), gradient).getFirst();
    }

    /** A copy of the array's elements in c order, as doubles (the network may be in doubles, as in gradient checks). */
    static double[] values(INDArray array) {
        if (array.dataType() == DataType.FLOAT && array.ordering() == 'c' && Shape.hasDefaultStridesForShape(array)) {
            // The usual case, read straight from the buffer: a cast and a copy are two more ND4J ops each.
            FloatBuffer floats = array.data().asNioFloat().slice();
            double[] values = new double[(int) array.length()];
            for (int i = 0; i < values.length; i++) {
                values[i] = floats.get(i);
            }
            return values;
        }
        return array.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }
}
