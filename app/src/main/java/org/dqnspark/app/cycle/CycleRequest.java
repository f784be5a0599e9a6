package org.dqnspark.app.cycle;

import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.Game;
import org.dqnspark.core.store.RunLayout;

/**
 * A checked request for the cycle job.
 *
 * @param game         the game (checked against the run's recorded one by the collect stage)
 * @param run          the run
 * @param targetCycles completed cycles the run should have when the job ends
 * @param settings     the resolved settings every stage runs with
 */
public record CycleRequest(Game game, RunLayout run, int targetCycles, Settings settings) {
}
