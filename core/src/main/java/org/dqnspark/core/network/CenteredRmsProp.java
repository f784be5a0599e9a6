package org.dqnspark.core.network;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * The optimizer of DeepMind's DQN (Mnih et al. 2015, through {@code NeuralQLearner} of their Lua code):
 * centered RMSProp (Graves 2013, "Generating Sequences With Recurrent Neural Networks", section 4, without
 * its momentum term), which divides the gradient by an estimate of its standard deviation rather than of
 * its root mean square:
 *
 * <pre>
 *   g      = m_g * g  + (1 - m_g) * grad
 *   g2     = m_s * g2 + (1 - m_s) * grad^2
 *   params = params - lr * grad / sqrt(g2 - g^2 + eps)
 * </pre>
 *
 * DL4J's own {@code RmsProp} is not centered and adds epsilon outside the root, so it is a different
 * optimizer. With eps under the root the divisor is never below sqrt(eps) = 0.1, so no step exceeds
 * 10 * lr * |grad|, even while g2 - g^2 is still near zero in the first updates.
 *
 * <p>This is the serializable configuration: DL4J writes it into a network's JSON with its class name
 * (the {@code @class} property that {@link IUpdater}'s Jackson annotations ask for) and reads the fields
 * back through the no-argument constructor. {@link CenteredRmsPropUpdater} does the arithmetic.
 */
public final class CenteredRmsProp implements IUpdater {
    /** Nature DQN, Extended Data Table 1: learning rate. */
    public static final double DQN_LEARNING_RATE = 0.00025;
    /** Nature DQN, Extended Data Table 1: gradient momentum. */
    public static final double DQN_GRADIENT_MOMENTUM = 0.95;
    /** Nature DQN, Extended Data Table 1: squared gradient momentum. */
    public static final double DQN_SQUARED_GRADIENT_MOMENTUM = 0.95;
    /** Nature DQN, Extended Data Table 1: min squared gradient, added under the square root. */
    public static final double DQN_EPSILON = 0.01;

    private double learningRate;
    /** Overrides {@link #learningRate} when DL4J sets one; absent (and left out of the JSON) otherwise. */
    private ISchedule learningRateSchedule;
    private double gradientMomentum;
    private double squaredGradientMomentum;
    private double epsilon;

    /** The Nature DQN hyperparameters; also the constructor Jackson uses before it sets the fields. */
    public CenteredRmsProp() {
        this(DQN_LEARNING_RATE, DQN_GRADIENT_MOMENTUM, DQN_SQUARED_GRADIENT_MOMENTUM, DQN_EPSILON);
    }

    public CenteredRmsProp(double learningRate, double gradientMomentum, double squaredGradientMomentum,
            double epsilon) {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
        }
        checkMomentum("gradientMomentum", gradientMomentum);
        checkMomentum("squaredGradientMomentum", squaredGradientMomentum);
        if (!(epsilon > 0)) {
            // g2 - g^2 is a variance estimate and may be exactly zero; epsilon keeps the root away from it.
            throw new IllegalArgumentException("epsilon must be positive, got " + epsilon);
        }
        this.learningRate = learningRate;
        this.gradientMomentum = gradientMomentum;
        this.squaredGradientMomentum = squaredGradientMomentum;
        this.epsilon = epsilon;
    }

    private static void checkMomentum(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
        }
    }

    public double getLearningRate() {
        return learningRate;
    }

    public ISchedule getLearningRateSchedule() {
        return learningRateSchedule;
    }

    public double getGradientMomentum() {
        return gradientMomentum;
    }

    public double getSquaredGradientMomentum() {
        return squaredGradientMomentum;
    }

    public double getEpsilon() {
        return epsilon;
    }

    /** Two arrays per parameter: the running mean of the gradient (g) and of its square (g2). */
    @Override
    public long stateSize(long numParams) {
        return 2 * numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        CenteredRmsPropUpdater updater = new CenteredRmsPropUpdater(this);
        INDArray flat = viewArray.reshape(viewArray.length());
        // The view holds g then g2; each has the shape of the gradient, half the view's length.
        updater.setStateViewArray(flat, new long[] {flat.length() / 2}, flat.ordering(), initializeViewArray);
        return updater;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        CenteredRmsPropUpdater updater = new CenteredRmsPropUpdater(this);
        updater.setState(updaterState, initializeStateArrays);
        return updater;
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRateSchedule != null ? learningRateSchedule.valueAt(iteration, epoch) : learningRate;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        this.learningRate = lr;
        this.learningRateSchedule = lrSchedule;
    }

    @Override
    public CenteredRmsProp clone() {
        CenteredRmsProp copy = new CenteredRmsProp(learningRate, gradientMomentum, squaredGradientMomentum,
                epsilon);
        copy.learningRateSchedule = learningRateSchedule == null ? null : learningRateSchedule.clone();
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CenteredRmsProp other)) {
            return false;
        }
        return Double.compare(learningRate, other.learningRate) == 0
                && Double.compare(gradientMomentum, other.gradientMomentum) == 0
                && Double.compare(squaredGradientMomentum, other.squaredGradientMomentum) == 0
                && Double.compare(epsilon, other.epsilon) == 0
                && Objects.equals(learningRateSchedule, other.learningRateSchedule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(learningRate, learningRateSchedule, gradientMomentum, squaredGradientMomentum,
                epsilon);
    }

    @Override
    public String toString() {
        return "CenteredRmsProp(learningRate=" + learningRate
                + (learningRateSchedule == null ? "" : ", learningRateSchedule=" + learningRateSchedule)
                + ", gradientMomentum=" + gradientMomentum + ", squaredGradientMomentum="
                + squaredGradientMomentum + ", epsilon=" + epsilon + ")";
    }
}
