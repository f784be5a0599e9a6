package org.dqnspark.evaluator;

import java.io.Serializable;
import java.time.Duration;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.EnvironmentSettings;

/**
 * The Nature evaluation protocol (keys under {@code dqn.evaluate}; the frame cap is
 * {@code dqn.environment.evaluation-max-frames-per-episode}).
 *
 * @param games         games per evaluation
 * @param epsilon       exploration rate of the snapshot's policy
 * @param seed          base seed; game g is seeded from (seed, g)
 * @param historyLength frames per state
 * @param environment   the evaluation environment (5-minute cap, random no-op starts)
 * @param progressInterval how often the driver prints progress
 * @param resolved      all the settings these were read from, rendered with the code version: saved
 *                      beside the evaluation ({@link Settings#render()})
 */
public record EvaluateSettings(int games, double epsilon, long seed, int historyLength,
                               EnvironmentSettings environment, Duration progressInterval, String resolved)
        implements Serializable {
    public static EvaluateSettings from(Settings s) {
        return new EvaluateSettings(s.positiveInt("dqn.evaluate.games"), s.fraction("dqn.evaluate.epsilon"),
                s.getLong("dqn.evaluate.seed"), s.positiveInt("dqn.agent.history-length"),
                EnvironmentSettings.forEvaluation(s), s.positiveDuration("dqn.evaluate.progress-interval"),
                s.render());
    }
}
