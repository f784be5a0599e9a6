package org.dqnspark.collector;

import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.Game;
import org.dqnspark.core.policy.PlayingPolicy;
import org.dqnspark.core.store.RunLayout;

/**
 * A checked request for one collect job: everything in it was validated before any byte is written.
 *
 * @param game     the game: a ROM checked against ALE's supported ones, or a built-in game
 * @param run      where the run's tables are
 * @param policy   what plays, resolved against the run's store
 * @param settings the job's typed settings
 * @param resolved the full resolved configuration, saved with the data
 */
public record CollectRequest(Game game, RunLayout run, PlayingPolicy policy, CollectSettings settings,
                             Settings resolved) {
}
