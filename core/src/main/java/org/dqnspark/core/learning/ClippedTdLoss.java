package org.dqnspark.core.learning;

import java.util.Arrays;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DQN's loss on the Q-network's output layer: Huber with delta 1 on the TD error of the taken action only.
 *
 * <p>Nature (Mnih et al. 2015, Methods): "we also found it helpful to clip the error term from the update
 * r + gamma max_a' Q(s', a'; theta_i^-) - Q(s, a; theta_i) to be between -1 and 1". Clipping the error in
 * the gradient is the same as taking, per error e = Q(s, a) - y,
 * <pre>
 *   L(e)     = 0.5 e^2          if |e| &lt;= 1
 *            = |e| - 0.5        otherwise
 *   dL/dQ(e) = clip(e, -1, 1)
 * </pre>
 * which is what this class computes; with c = clip(e, -1, 1) the loss is also c (e - 0.5 c).
 *
 * <p>Use it on an output layer with IDENTITY activation whose A outputs are Q(s, a) for every action.
 * The labels hold the target y (see {@link TdTargets}) in the taken action's column, anything finite
 * elsewhere; the label mask, shape [B, A], is 1 at the taken action and 0 elsewhere (DL4J per-output
 * masking), so the other actions get exactly zero loss and zero gradient. Use only 0 and 1 in a network:
 * DL4J 1.0.0-M2.1 also multiplies the output layer's pre-activations by the label mask before the loss sees
 * them (BaseLayer.preOutputWithPreNorm), so a fractional entry would scale Q itself rather than weight the
 * loss; importance weights (prioritized replay) need another route.
 *
 * <p>Scale. Unlike DL4J's LossMSE this does not divide by the number of outputs: the gradient per masked
 * entry is exactly clip(e, -1, 1), and {@link #computeGradient} returns the per-example gradients
 * un-averaged. DL4J 1.0.0-M2.1 then averages over the minibatch itself: with the default
 * {@code miniBatch(true)}, BaseOutputLayer divides the score by B and BaseMultiLayerUpdater divides the
 * summed parameter gradient by B before gradient normalization and the updater run. The updater therefore
 * sees (1/B) sum_j clip(e_j, -1, 1) dQ(s_j, a_j)/dtheta, the gradient of the mean Huber loss, which is also
 * what {@code net.score()} reports.
 *
 * <p>Its one setting, the clip (Huber's delta, {@code dqn.train.td-error-clip}), is a field with a public
 * no-arg constructor defaulting it to Nature's 1, so the loss round-trips through a network's JSON
 * configuration (ILossFunction carries Jackson's {@code @class} type id), and a
 * snapshot written before the clip was a setting loads with Nature's clip.
 */
public class ClippedTdLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;

    /** Nature's clip: the error is clipped to [-1, 1] in the gradient. */
    public static final double NATURE_ERROR_CLIP = 1.0;

    /** The error is clipped to [-errorClip, errorClip] in the gradient: Huber's delta. */
    @JsonProperty("errorClip")
    private double errorClip = NATURE_ERROR_CLIP;

    public ClippedTdLoss() {
    }

    public ClippedTdLoss(double errorClip) {
        if (!(errorClip > 0)) {
            throw new IllegalArgumentException("errorClip must be positive, got " + errorClip);
        }
        this.errorClip = errorClip;
    }

    public double errorClip() {
        return errorClip;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
            boolean average) {
        double[] scores = scores(labels, preOutput, activationFn, mask);
        double score = 0;
        for (double entry : scores) {
            score += entry;
        }
        return average ? score / preOutput.size(0) : score;
    }

    /** Per example: the sum of its (masked) entries' losses, shape [B, 1]. */
    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        double[] scores = scores(labels, preOutput, activationFn, mask);
        int batch = (int) preOutput.size(0);
        int outputs = (int) preOutput.size(1);
        double[] perExample = new double[batch];
        for (int j = 0; j < batch; j++) {
            for (int a = 0; a < outputs; a++) {
                perExample[j] += scores[j * outputs + a];
            }
        }
        return Nd4j.create(perExample, new long[] {batch, 1}, 'c').castTo(preOutput.dataType());
    }

    /** dL/d(preOutput), per example (not averaged over the minibatch: DL4J does that). */
    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        double[] error = error(labels, preOutput, activationFn);
        double[] weights = mask(mask, preOutput);
        for (int i = 0; i < error.length; i++) {
            error[i] = clip(error[i]) * weights[i];
        }
        // Masked before the activation's backprop, so that for a non-elementwise activation the unmasked outputs
        // feed nothing back.
        return OutputArrays.gradientOfPreOutput(error, preOutput, activationFn);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
            IActivation activationFn, INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    // The loss works on a [B, A] matrix in plain Java (OutputArrays says why).

    /** Elementwise Huber loss c (e - 0.5 c), c = clip(e), times the mask, in c order. */
    private double[] scores(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        double[] error = error(labels, preOutput, activationFn);
        double[] weights = mask(mask, preOutput);
        for (int i = 0; i < error.length; i++) {
            double clipped = clip(error[i]);
            error[i] = clipped * (error[i] - 0.5 * clipped) * weights[i];
        }
        return error;
    }

    /** e = activation(preOutput) - y, in c order. */
    private static double[] error(INDArray labels, INDArray preOutput, IActivation activationFn) {
        if (!labels.equalShapes(preOutput) || preOutput.rank() != 2) {
            throw new IllegalArgumentException("Labels and preOutput must be equal [batch, outputs] shapes: got "
                    + Arrays.toString(labels.shape()) + " vs " + Arrays.toString(preOutput.shape()));
        }
        double[] error = OutputArrays.activations(preOutput, activationFn);
        double[] y = OutputArrays.values(labels);
        for (int i = 0; i < error.length; i++) {
            error[i] -= y[i];
        }
        return error;
    }

    /** The label mask as one weight per entry of a [B, A] output: a [B, A] mask, or [B, 1] per example. */
    private static double[] mask(INDArray mask, INDArray preOutput) {
        int batch = (int) preOutput.size(0);
        int outputs = (int) preOutput.size(1);
        double[] weights = new double[batch * outputs];
        if (mask == null) {
            Arrays.fill(weights, 1.0);
            return weights;
        }
        double[] m = OutputArrays.values(mask);
        if (mask.equalShapes(preOutput)) {
            return m;
        }
        if (mask.rank() != 2 || mask.size(0) != batch || mask.size(1) != 1) {
            throw new IllegalArgumentException("The label mask must be [batch, outputs] or [batch, 1]: got "
                    + Arrays.toString(mask.shape()) + " for output " + Arrays.toString(preOutput.shape()));
        }
        for (int j = 0; j < batch; j++) {
            Arrays.fill(weights, j * outputs, (j + 1) * outputs, m[j]);
        }
        return weights;
    }

    private double clip(double error) {
        return Math.max(-errorClip, Math.min(errorClip, error));
    }

    @Override
    public String name() {
        return toString();
    }

    @Override
    public String toString() {
        return "ClippedTdLoss(" + errorClip + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((ClippedTdLoss) o).errorClip == errorClip;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(errorClip);
    }
}
