package org.dqnspark.collector;

/**
 * What a collect job wrote.
 *
 * @param iteration      the iteration it committed
 * @param agentSteps     agent steps (transitions) written
 * @param frames         emulator frames played, no-ops included
 * @param episodes       episodes finished
 * @param meanReturn     mean raw return of the finished episodes (NaN if none finished)
 * @param seconds        wall time of the whole job
 * @param playSeconds    wall time of its main stage: actors playing and their transitions written to staging
 */
public record CollectReport(int iteration, long agentSteps, long frames, long episodes, double meanReturn,
                            double seconds, double playSeconds) {
    public double agentStepsPerSecond() {
        return agentSteps / seconds;
    }

    public double framesPerSecond() {
        return frames / seconds;
    }
}
