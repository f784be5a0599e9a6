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
 */
public record TrainReport(int firstEpoch, int lastEpoch, long updates, long totalUpdates, double meanLoss,
                          double meanQ, double seconds) {
    public double updatesPerSecond() {
        return updates / seconds;
    }
}
