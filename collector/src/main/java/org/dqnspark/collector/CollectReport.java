package org.dqnspark.collector;

/**
 * What a collect job wrote.
 *
 * @param iteration      the iteration it committed
 * @param steps          agent steps (transitions) written
 * @param frames         emulator frames played, no-ops included
 * @param episodes       episodes finished
 * @param meanReturn     mean raw return of the finished episodes (NaN if none finished)
 * @param seconds        wall time of the whole job
 * @param playSeconds    wall time of its main stage: actors playing and their transitions written to staging
 */
public record CollectReport(int iteration, long steps, long frames, long episodes, double meanReturn,
                            double seconds, double playSeconds) {
    public double stepsPerSecond() {
        return steps / seconds;
    }

    public double framesPerSecond() {
        return frames / seconds;
    }
}
