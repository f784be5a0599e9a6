package org.dqnspark.core.env;

/**
 * What one agent step did.
 *
 * @param reward    the game's raw reward summed over the step's frames (not clipped)
 * @param frames    emulator frames the step played (frame-skip, fewer if the game ended mid-step)
 * @param lifeLost  the game's life counter went down during the step
 * @param gameOver  the game ended (a true terminal state)
 * @param truncated the episode hit its frame cap without the game ending: not a terminal state, the
 *                  value of the next state still counts
 */
public record StepOutcome(float reward, int frames, boolean lifeLost, boolean gameOver, boolean truncated) {
    /** The episode is over, by game over or by truncation. */
    public boolean episodeEnded() {
        return gameOver || truncated;
    }
}
