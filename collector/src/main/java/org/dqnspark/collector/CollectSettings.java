package org.dqnspark.collector;

import java.io.Serializable;
import java.time.Duration;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.EnvironmentSettings;
import org.dqnspark.core.store.EpisodeIds;
import org.dqnspark.core.UserError;

/**
 * What a collect job does (keys under {@code dqn.collect}, {@code dqn.environment} and {@code dqn.agent}).
 *
 * @param steps            agent steps over all actors together
 * @param actors           parallel actors, one Spark task and one emulator each
 * @param epsilon          exploration rate around the policy's greedy action
 * @param seed             base seed of every actor's emulator and choices
 * @param historyLength    frames per state
 * @param environment      how the game is played and preprocessed
 * @param progressInterval how often the driver prints progress
 */
public record CollectSettings(long steps, int actors, double epsilon, long seed, int historyLength,
                              EnvironmentSettings environment, Duration progressInterval) implements Serializable {

    public static CollectSettings from(Settings s) {
        int actors = s.positiveInt("dqn.collect.actors");
        if (actors > EpisodeIds.MAX_ACTORS) {
            throw new UserError("Setting 'dqn.collect.actors' must be at most " + EpisodeIds.MAX_ACTORS + ".");
        }
        return new CollectSettings(
                s.positiveLong("dqn.collect.steps"),
                actors,
                s.fraction("dqn.collect.epsilon"),
                s.getLong("dqn.collect.seed"),
                s.positiveInt("dqn.agent.history-length"),
                EnvironmentSettings.forTraining(s),
                s.positiveDuration("dqn.collect.progress-interval"));
    }

    /** The steps actor {@code actor} plays: an even share, the first actors taking the remainder. */
    public long stepsOf(int actor) {
        return steps / actors + (actor < steps % actors ? 1 : 0);
    }
}
