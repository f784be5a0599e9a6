package org.dqnspark.core.env;

import java.io.Serializable;
import org.dqnspark.core.config.Settings;

/**
 * How an Atari environment plays and preprocesses (keys under {@code dqn.environment}).
 *
 * @param frameSkip               frames per agent step (Nature: action repeat 4)
 * @param maxPoolLastTwoFrames    encode each frame as the max of it and the previous frame
 * @param noopMax                 no-op frames at an episode start are drawn from 0..noopMax
 * @param stickyActionProbability Machado et al. 2018 sticky actions; 0 as in Nature
 * @param maxFramesPerEpisode     frame cap; reaching it truncates the episode
 */
public record EnvironmentSettings(int frameSkip, boolean maxPoolLastTwoFrames, int noopMax,
                                  double stickyActionProbability, int maxFramesPerEpisode) implements Serializable {

    /** The settings for training and collection (cap {@code max-frames-per-episode}). */
    public static EnvironmentSettings forTraining(Settings s) {
        return from(s, "dqn.environment.max-frames-per-episode");
    }

    /** The settings for evaluation (cap {@code evaluation-max-frames-per-episode}). */
    public static EnvironmentSettings forEvaluation(Settings s) {
        return from(s, "dqn.environment.evaluation-max-frames-per-episode");
    }

    private static EnvironmentSettings from(Settings s, String capKey) {
        return new EnvironmentSettings(
                s.positiveInt("dqn.environment.frame-skip"),
                s.getBoolean("dqn.environment.max-pool-last-two-frames"),
                s.nonNegativeInt("dqn.environment.noop-max"),
                s.fraction("dqn.environment.sticky-action-probability"),
                s.positiveInt(capKey));
    }

    public EnvironmentSettings withMaxFramesPerEpisode(int frames) {
        return new EnvironmentSettings(frameSkip, maxPoolLastTwoFrames, noopMax, stickyActionProbability, frames);
    }
}
