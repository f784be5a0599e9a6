package org.dqnspark.core.learning;

import java.util.Arrays;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Deep Q-learning from Demonstrations' loss on the Q-network's output layer (Hester et al. 2018, "Deep
 * Q-learning from Demonstrations", AAAI, equation 3), without its L2 term, which DL4J applies as the layers'
 * weight decay:
 * <pre>
 *   J(Q) = J_DQ(Q) + lambda_1 J_n(Q) + lambda_2 J_E(Q) + lambda_3 J_L2(Q)
 *   J_E(Q) = max_a [Q(s, a) + l(a_E, a)] - Q(s, a_E),   l(a_E, a) = margin if a != a_E, else 0
 * </pre>
 * J_DQ and J_n are Huber losses (delta {@code errorClip}, as {@link ClippedTdLoss}) on the taken action's
 * 1-step and n-step TD errors; J_E, the large-margin supervised loss, applies to demonstration rows only
 * ("The supervised loss is only applied to the demonstration data"), and it needs every action's Q-value,
 * which is why this loss reads the whole output row. A fourth weight, {@code tdWeight} (1 in the paper), scales
 * both TD terms: 0 leaves the supervised loss alone, a behaviour-cloning baseline.
 *
 * <p>Labels. Each row of the [B, 4] label array describes its transition ({@link DemonstrationLabels} makes
 * them): column {@value #TAKEN} the taken action's index, {@value #ONE_STEP_TARGET} the 1-step target y,
 * {@value #N_STEP_TARGET} the n-step target, {@value #DEMONSTRATION} 1 for a demonstration, 0 for the agent's
 * own play. The label array is narrower than the output [B, A]; neither DL4J's output layers nor its Spark fit
 * compare the two widths (the loss is the only reader). No label mask: DL4J would multiply Q by it.
 *
 * <p>Scale: per example, not averaged (DL4J averages over the minibatch, as for {@link ClippedTdLoss}).
 */
public class DemonstrationLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;

    /** The label columns. */
    public static final int TAKEN = 0;
    public static final int ONE_STEP_TARGET = 1;
    public static final int N_STEP_TARGET = 2;
    public static final int DEMONSTRATION = 3;
    public static final int LABEL_COLUMNS = 4;

    /** DQfD's constants: lambda_1 = lambda_2 = 1, margin 0.8 (Hester et al. 2018, section 4). */
    public static final double PAPER_MARGIN = 0.8;

    @JsonProperty("errorClip")
    private double errorClip = ClippedTdLoss.NATURE_ERROR_CLIP;
    @JsonProperty("tdWeight")
    private double tdWeight = 1;
    @JsonProperty("nStepWeight")
    private double nStepWeight = 1;
    @JsonProperty("supervisedWeight")
    private double supervisedWeight = 1;
    @JsonProperty("margin")
    private double margin = PAPER_MARGIN;

    /** The paper's loss with Nature's error clip (for JSON). */
    public DemonstrationLoss() {
    }

    /**
     * @param errorClip        Huber's delta of both TD terms
     * @param tdWeight         weight of J_DQ + lambda_1 J_n (the paper: 1; 0: behaviour cloning)
     * @param nStepWeight      lambda_1
     * @param supervisedWeight lambda_2 (0: DQN's TD losses alone, 1-step and n-step)
     * @param margin           l(a_E, a) for a != a_E
     */
    public DemonstrationLoss(double errorClip, double tdWeight, double nStepWeight, double supervisedWeight,
                             double margin) {
        if (!(errorClip > 0) || !(tdWeight >= 0) || !(nStepWeight >= 0) || !(supervisedWeight >= 0)
                || !(margin >= 0)) {
            throw new IllegalArgumentException("DQfD loss constants out of range: clip " + errorClip + ", weights "
                    + tdWeight + "/" + nStepWeight + "/" + supervisedWeight + ", margin " + margin);
        }
        this.errorClip = errorClip;
        this.tdWeight = tdWeight;
        this.nStepWeight = nStepWeight;
        this.supervisedWeight = supervisedWeight;
        this.margin = margin;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
            boolean average) {
        double score = 0;
        for (double row : rowScores(labels, preOutput, activationFn)) {
            score += row;
        }
        return average ? score / preOutput.size(0) : score;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        double[] rows = rowScores(labels, preOutput, activationFn);
        return Nd4j.create(rows, new long[] {rows.length, 1}, 'c').castTo(preOutput.dataType());
    }

    /** dJ/d(preOutput), per example. */
    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        Rows rows = new Rows(labels, preOutput, activationFn);
        double[] gradient = new double[rows.q.length];
        for (int j = 0; j < rows.batch; j++) {
            int base = j * rows.actions;
            int taken = rows.taken(j);
            gradient[base + taken] += tdWeight * (clip(rows.oneStepError(j)) + nStepWeight * clip(rows.nStepError(j)));
            if (rows.demonstration(j) && supervisedWeight > 0) {
                // d/dQ of max_a [Q(s, a) + l] - Q(s, a_E): +1 at the maximiser, -1 at the human's action.
                gradient[base + rows.marginArgMax(j, margin)] += supervisedWeight;
                gradient[base + taken] -= supervisedWeight;
            }
        }
        return OutputArrays.gradientOfPreOutput(gradient, preOutput, activationFn);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
            IActivation activationFn, INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    private double[] rowScores(INDArray labels, INDArray preOutput, IActivation activationFn) {
        Rows rows = new Rows(labels, preOutput, activationFn);
        double[] scores = new double[rows.batch];
        for (int j = 0; j < rows.batch; j++) {
            double td = huber(rows.oneStepError(j)) + nStepWeight * huber(rows.nStepError(j));
            double supervised = 0;
            if (rows.demonstration(j)) {
                int base = j * rows.actions;
                int best = rows.marginArgMax(j, margin);
                supervised = rows.q[base + best] + (best == rows.taken(j) ? 0 : margin) - rows.q[base + rows.taken(j)];
            }
            scores[j] = tdWeight * td + supervisedWeight * supervised;
        }
        return scores;
    }

    /** Huber with delta errorClip: its derivative is {@link #clip}. */
    private double huber(double error) {
        double clipped = clip(error);
        return clipped * (error - 0.5 * clipped);
    }

    private double clip(double error) {
        return Math.max(-errorClip, Math.min(errorClip, error));
    }

    /** The output's Q-values and the labels' columns, as plain arrays. */
    private static final class Rows {
        final int batch;
        final int actions;
        final double[] q;
        final double[] labels;

        Rows(INDArray labels, INDArray preOutput, IActivation activationFn) {
            if (preOutput.rank() != 2 || labels.rank() != 2 || labels.size(0) != preOutput.size(0)
                    || labels.size(1) != LABEL_COLUMNS) {
                throw new IllegalArgumentException("DemonstrationLoss takes [batch, " + LABEL_COLUMNS + "] labels"
                        + " (taken action, 1-step target, n-step target, demonstration) for a [batch, actions]"
                        + " output: got labels " + Arrays.toString(labels.shape()) + " for output "
                        + Arrays.toString(preOutput.shape()));
            }
            this.batch = (int) preOutput.size(0);
            this.actions = (int) preOutput.size(1);
            this.q = OutputArrays.activations(preOutput, activationFn);
            this.labels = OutputArrays.values(labels);
        }

        int taken(int j) {
            int a = (int) labels[j * LABEL_COLUMNS + TAKEN];
            if (a < 0 || a >= actions) {
                throw new IllegalArgumentException("row " + j + " took action " + a + " of " + actions);
            }
            return a;
        }

        double oneStepError(int j) {
            return q[j * actions + taken(j)] - labels[j * LABEL_COLUMNS + ONE_STEP_TARGET];
        }

        double nStepError(int j) {
            return q[j * actions + taken(j)] - labels[j * LABEL_COLUMNS + N_STEP_TARGET];
        }

        boolean demonstration(int j) {
            return labels[j * LABEL_COLUMNS + DEMONSTRATION] != 0;
        }

        /** argmax_a Q(s_j, a) + l(a_E, a); ties go to the human's action, then to the lowest index. */
        int marginArgMax(int j, double margin) {
            int taken = taken(j);
            int base = j * actions;
            int best = taken;
            double bestValue = q[base + taken];
            for (int a = 0; a < actions; a++) {
                double value = q[base + a] + (a == taken ? 0 : margin);
                if (value > bestValue) {
                    best = a;
                    bestValue = value;
                }
            }
            return best;
        }
    }

    @Override
    public String name() {
        return toString();
    }

    @Override
    public String toString() {
        return "DemonstrationLoss(clip " + errorClip + ", td " + tdWeight + ", n-step " + nStepWeight + ", supervised "
                + supervisedWeight + ", margin " + margin + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DemonstrationLoss d && d.getClass() == getClass() && d.errorClip == errorClip
                && d.tdWeight == tdWeight && d.nStepWeight == nStepWeight && d.supervisedWeight == supervisedWeight
                && d.margin == margin;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new double[] {errorClip, tdWeight, nStepWeight, supervisedWeight, margin});
    }
}
