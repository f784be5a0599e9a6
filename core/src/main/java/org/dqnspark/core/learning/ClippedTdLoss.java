package org.dqnspark.core.learning;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossUtil;
import org.nd4j.linalg.ops.transforms.Transforms;

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
 * <p>Stateless, with a public no-arg constructor, so it round-trips through a network's JSON configuration
 * (ILossFunction carries Jackson's {@code @class} type id).
 */
public class ClippedTdLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;

    /** The error is clipped to [-ERROR_CLIP, ERROR_CLIP] in the gradient, Huber's delta. */
    public static final double ERROR_CLIP = 1.0;

    public ClippedTdLoss() {
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
            boolean average) {
        INDArray scores = scoreArray(labels, preOutput, activationFn, mask);
        double score = scores.sumNumber().doubleValue();
        return average ? score / scores.size(0) : score;
    }

    /** Per example: the sum of its (masked) entries' losses, shape [B, 1]. */
    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return scoreArray(labels, preOutput, activationFn, mask).sum(true, 1);
    }

    /** dL/d(preOutput), per example (not averaged over the minibatch: DL4J does that). */
    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray error = error(labels, preOutput, activationFn);
        INDArray dLdOutput = clip(error);
        if (mask != null) {
            // Masked before the activation's backprop, so that for a non-elementwise activation the unmasked
            // outputs feed nothing back; for IDENTITY this is the gradient itself. (LossMSE masks again after
            // the backprop; with a 0/1 mask and an elementwise activation that changes nothing.)
            LossUtil.applyMask(dLdOutput, mask);
        }
        return activationFn.backprop(preOutput.dup(), dLdOutput).getFirst();
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
            IActivation activationFn, INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    /** Elementwise Huber loss c (e - 0.5 c), c = clip(e), times the mask. */
    private static INDArray scoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray error = error(labels, preOutput, activationFn);
        INDArray clipped = clip(error);
        INDArray scores = error.subi(clipped.mul(0.5)).muli(clipped);
        if (mask != null) {
            LossUtil.applyMask(scores, mask);
        }
        return scores;
    }

    /** e = Q - y, a new array. */
    private static INDArray error(INDArray labels, INDArray preOutput, IActivation activationFn) {
        if (!labels.equalShapes(preOutput)) {
            throw new IllegalArgumentException("Labels and preOutput must have equal shapes: got "
                    + java.util.Arrays.toString(labels.shape()) + " vs " + java.util.Arrays.toString(preOutput.shape()));
        }
        INDArray q = activationFn.getActivation(preOutput.dup(), true);
        return q.subi(labels.castTo(q.dataType()));
    }

    /** clip(e, -1, 1), a new array. */
    private static INDArray clip(INDArray error) {
        return Transforms.max(Transforms.min(error, ERROR_CLIP, true), -ERROR_CLIP, false);
    }

    @Override
    public String name() {
        return toString();
    }

    @Override
    public String toString() {
        return "ClippedTdLoss()";
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }
}
