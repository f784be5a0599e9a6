package org.dqnspark.trainer;

import org.dqnspark.core.config.Settings;
import org.dqnspark.core.store.RunLayout;

/**
 * A checked request for one train job.
 *
 * @param run      the run to train
 * @param updates  parameter updates this job does
 * @param settings the job's typed settings
 * @param resolved the full resolved configuration, saved in every snapshot
 */
public record TrainRequest(RunLayout run, long updates, TrainSettings settings, Settings resolved) {
}
