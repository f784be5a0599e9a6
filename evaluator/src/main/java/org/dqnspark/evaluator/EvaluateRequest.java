package org.dqnspark.evaluator;

import org.dqnspark.core.env.Game;
import org.dqnspark.core.store.RunLayout;

/**
 * What to evaluate.
 *
 * @param run       the run
 * @param snapshot  {@code latest}, an epoch number or a snapshot file; ignored for the random policy
 * @param random    score the uniform-random policy instead of a snapshot
 * @param game      the game to play instead of the run's recorded one (a moved ROM), or null
 * @param forceRom  accept a game other than the run's (a ROM of another MD5)
 * @param settings  the protocol
 */
public record EvaluateRequest(RunLayout run, String snapshot, boolean random, Game game, boolean forceRom,
                              EvaluateSettings settings) {
}
