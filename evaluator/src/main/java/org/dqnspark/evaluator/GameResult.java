package org.dqnspark.evaluator;

import java.io.Serializable;

/**
 * One evaluation game.
 *
 * @param game      index 0..games-1
 * @param seed      the game's seed
 * @param noopFrames no-op frames before the first observation
 * @param score     raw game score
 * @param frames    emulator frames played
 * @param truncated the frame cap ended it
 * @param meanMaxQ  mean over its steps of max_a Q(s, a); NaN for the random policy
 */
public record GameResult(int game, long seed, int noopFrames, double score, int frames, boolean truncated,
                         double meanMaxQ) implements Serializable {
}
