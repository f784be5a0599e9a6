package org.dqnspark.trainer;

/** The loss became NaN or infinite: the job stops; the last good snapshot stays the newest. */
public final class TrainingDiverged extends RuntimeException {
    public TrainingDiverged(String message) {
        super(message);
    }
}
