package org.dqnspark.collector;

import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.RomFile;
import org.dqnspark.core.policy.PolicySpec;
import org.dqnspark.core.store.RunLayout;

/**
 * A checked request for one collect job: everything in it was validated before any byte is written.
 *
 * @param rom      the game, checked against ALE's supported ROMs
 * @param run      where the run's tables are
 * @param policy   what plays
 * @param settings the job's typed settings
 * @param resolved the full resolved configuration, saved with the data
 */
public record CollectRequest(RomFile rom, RunLayout run, PolicySpec policy, CollectSettings settings,
                             Settings resolved) {
}
