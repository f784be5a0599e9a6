package org.dqnspark.trainer;

/**
 * What a train job did.
 *
 * @param firstEpoch     the first epoch it wrote a snapshot for
 * @param lastEpoch      the last
 * @param updates        updates this job did
 * @param totalUpdates   updates of the run in all
 * @param meanLoss       mean loss over this job's updates
 * @param meanQ          mean max-Q over the held-out states at the end
 * @param seconds        wall time of the updates (window loading excluded)
 * @param epochEndSeconds of which the ends of epochs: snapshots and training rows written
 * @param cpuSeconds     CPU time of this JVM over the updates (all its threads, native ones included)
 * @param epochEndCpuSeconds of which the ends of epochs
 */
public record TrainReport(int firstEpoch, int lastEpoch, long updates, long totalUpdates, double meanLoss,
                          double meanQ, double seconds, double epochEndSeconds, double cpuSeconds,
                          double epochEndCpuSeconds) {
    public double updatesPerSecond() {
        return updates / seconds;
    }

    /**
     * Seconds per update between the ends of epochs: what an update costs in a long run, whose snapshots
     * come once per {@code dqn.train.updates-per-epoch} updates.
     */
    public double secondsPerUpdateBetweenEpochEnds() {
        return (seconds - epochEndSeconds) / updates;
    }

    /** This JVM's CPU seconds per update between the ends of epochs. */
    public double cpuSecondsPerUpdateBetweenEpochEnds() {
        return (cpuSeconds - epochEndCpuSeconds) / updates;
    }
}
