package org.dqnspark.evaluator;

import java.util.Optional;
import org.dqnspark.core.env.Game;
import org.dqnspark.core.policy.PlayingPolicy;
import org.dqnspark.core.store.RunLayout;

/**
 * What to evaluate.
 *
 * @param run       the run
 * @param policy    what plays: a snapshot or the random policy, resolved against the run's store
 * @param game      the game to play instead of the run's recorded one (a moved ROM); empty for the run's
 * @param forceRom  accept a game other than the run's (a ROM of another MD5)
 * @param settings  the protocol
 */
public record EvaluateRequest(RunLayout run, PlayingPolicy policy, Optional<Game> game, boolean forceRom,
                              EvaluateSettings settings) {
}
