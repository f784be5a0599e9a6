package org.dqnspark.trainer;

import org.dqnspark.core.config.Settings;
import org.dqnspark.core.store.RunLayout;

/**
 * A checked request for one train job.
 *
 * @param run         the run to train
 * @param updates     parameter updates this job does
 * @param settings    the job's typed settings
 * @param resolved    the full resolved configuration, saved in every snapshot
 * @param pretraining Deep Q-learning from Demonstrations' pre-training phase: the updates sample the run's
 *                    demonstrations alone ({@code dqn train --pretrain})
 */
public record TrainRequest(RunLayout run, long updates, TrainSettings settings, Settings resolved,
                           boolean pretraining) {

    /** A request for ordinary training (not pre-training). */
    public TrainRequest(RunLayout run, long updates, TrainSettings settings, Settings resolved) {
        this(run, updates, settings, resolved, false);
    }

    /** The phase the training table records: {@code pretrain} or {@code train}. */
    public String phase() {
        return pretraining ? "pretrain" : "train";
    }
}
