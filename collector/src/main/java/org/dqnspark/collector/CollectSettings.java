package org.dqnspark.collector;

import java.io.Serializable;
import java.time.Duration;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.EnvironmentSettings;
import org.dqnspark.core.policy.EpsilonSchedule;
import org.dqnspark.core.store.EpisodeIds;
import org.dqnspark.core.UserError;

/**
 * What a collect job does (keys under {@code dqn.collect}, {@code dqn.exploration}, {@code dqn.environment} and
 * {@code dqn.agent}).
 *
 * @param agentSteps       agent steps over all actors together
 * @param actors           parallel actors, one Spark task and one emulator each
 * @param exploration      epsilon around a snapshot's greedy action, against the run's agent steps
 * @param seed             base seed of every actor's emulator and choices
 * @param historyLength    frames per state
 * @param environment      how the game is played and preprocessed
 * @param progressInterval how often the driver prints progress
 */
public record CollectSettings(long agentSteps, int actors, EpsilonSchedule exploration, long seed, int historyLength,
                              EnvironmentSettings environment, Duration progressInterval) implements Serializable {

    public static CollectSettings from(Settings s) {
        int actors = s.positiveInt("dqn.collect.actors");
        if (actors > EpisodeIds.MAX_ACTORS) {
            throw new UserError("Setting 'dqn.collect.actors' must be at most " + EpisodeIds.MAX_ACTORS + ".");
        }
        return new CollectSettings(
                s.positiveLong("dqn.collect.agent-steps"),
                actors,
                EpsilonSchedule.from(s),
                s.getLong("dqn.collect.seed"),
                s.positiveInt("dqn.agent.history-length"),
                EnvironmentSettings.forTraining(s),
                s.positiveDuration("dqn.collect.progress-interval"));
    }

    /** The agent steps actor {@code actor} plays: an even share, the first actors taking the remainder. */
    public long agentStepsOf(int actor) {
        return agentSteps / actors + (actor < agentSteps % actors ? 1 : 0);
    }

    /** These settings for a collect of {@code n} agent steps. */
    public CollectSettings withAgentSteps(long n) {
        return new CollectSettings(n, actors, exploration, seed, historyLength, environment, progressInterval);
    }
}
