package org.dqnspark.core.store;

import java.util.Optional;

/**
 * One agent step, as stored: the one transition type, written by the collector and read by the
 * trainer, the evaluator and Spark SQL. Its Parquet schema is {@link TransitionSchema}.
 *
 * <p>Frames are stored once, never stacked: {@code frame} is the observation the action was chosen on
 * (s_t's newest frame). The observation after the step is the next row's {@code frame}, or, on the
 * last stored step of an episode, {@code nextFrame}. So every state before and after every step can be
 * rebuilt exactly (the trainer's ReplayBuffer does; the tests check it against EpisodeFrames, a plain
 * reference).
 *
 * @param run            the run's name
 * @param iteration      the collect job that wrote it (0, 1, ...)
 * @param actor          the actor (Spark task) that played it
 * @param episodeId      unique within the run, across iterations and actors ({@link EpisodeIds})
 * @param episodeStep    index of the agent step within its episode, from 0
 * @param frame          the preprocessed observation the action was chosen on, row-major uint8 (Atari: 84 x 84;
 *                       MinAtar: C x 10 x 10)
 * @param nextFrame      the observation after the step, only on an episode's last stored step, else null
 * @param action         index into the game's minimal action set
 * @param nativeAction   the game's own number for that action (ALE's; MinAtar's index in its six actions)
 * @param reward         raw game reward of the step, not clipped
 * @param gameOver       the game ended with this step (terminal)
 * @param lifeLost       a life was lost during this step
 * @param truncated      the frame cap ended the episode with this step (not terminal)
 * @param lives          lives left after the step
 * @param episodeFrame   emulator frames since the episode's reset after this step, no-ops included
 * @param epsilon        exploration rate the action was chosen with
 * @param source         {@code random}, {@code agent} or {@code human}
 * @param policySnapshot the snapshot that chose greedy actions; empty for random play (the column is null)
 */
public record Transition(String run, int iteration, int actor, long episodeId, int episodeStep, byte[] frame,
                         byte[] nextFrame, int action, int nativeAction, float reward, boolean gameOver,
                         boolean lifeLost, boolean truncated, int lives, int episodeFrame, float epsilon,
                         String source, Optional<String> policySnapshot) {

    /** Who chose the actions: the values of the source column (the policy's type derives them). */
    public static final String SOURCE_RANDOM = "random";
    public static final String SOURCE_AGENT = "agent";
    public static final String SOURCE_HUMAN = "human";

    /** The episode ended with this step, by game over or by truncation. */
    public boolean episodeEnded() {
        return gameOver || truncated;
    }
}
