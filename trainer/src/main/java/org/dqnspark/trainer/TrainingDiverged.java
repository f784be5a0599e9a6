package org.dqnspark.trainer;

/** The loss became NaN or infinite: the job stops; the last good snapshot stays the newest. */
public final class TrainingDiverged extends RuntimeException {
    /** The fit that would have brought the update count to {@code update} reported {@code loss}. */
    public TrainingDiverged(long update, double loss) {
        super("Training diverged at update " + update + ": the loss is " + loss + ".");
    }

    private TrainingDiverged(String message, TrainingDiverged cause) {
        super(message, cause);
    }

    /** This, saying which snapshot stays the run's latest ("none" if it has none) and what to do. */
    public TrainingDiverged keeping(String newestSnapshot) {
        return new TrainingDiverged(getMessage() + " The newest good snapshot is " + newestSnapshot
                + " and stays the run's latest; lower dqn.train.learning-rate or check the data.", this);
    }
}
