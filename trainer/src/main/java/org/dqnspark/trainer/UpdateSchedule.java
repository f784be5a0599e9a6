package org.dqnspark.trainer;

import java.io.Serializable;
import org.dqnspark.core.config.Settings;

/**
 * When learning starts and how many updates a run's agent steps call for (keys {@code
 * dqn.train.replay-start-size} and {@code dqn.train.update-frequency}), for {@code dqn train} and each
 * cycle of {@code dqn cycle} alike.
 *
 * <p>Nature (Mnih et al. 2015, Extended Data Table 1): "replay start size 50,000: a uniform random policy
 * is run for this number of frames [agent steps] before learning starts"; "update frequency 4: the number
 * of actions selected by the agent between successive SGD updates".
 *
 * @param replayStartSize agent steps of uniform random play before learning starts
 * @param updateFrequency agent steps per update
 */
public record UpdateSchedule(long replayStartSize, int updateFrequency) implements Serializable {
    public static UpdateSchedule from(Settings s) {
        return new UpdateSchedule(s.nonNegativeInt("dqn.train.replay-start-size"),
                s.positiveInt("dqn.train.update-frequency"));
    }

    /** Updates that training on {@code agentSteps} new agent steps takes (at least one). */
    public long updatesFor(long agentSteps) {
        return Math.max(1, agentSteps / updateFrequency);
    }

    /** Random replay-start agent steps still to collect when the run has {@code agentSteps}. */
    public long replayStartStillNeeded(long agentSteps) {
        return Math.max(0, replayStartSize - agentSteps);
    }

    /**
     * Updates a run of {@code agentSteps} agent steps calls for beyond the {@code updatesDone} it has had:
     * one per {@code updateFrequency} agent steps after the replay start, never negative.
     */
    public long updatesOwed(long agentSteps, long updatesDone) {
        return Math.max(0, (agentSteps - replayStartSize) / updateFrequency - updatesDone);
    }
}
