package org.dqnspark.app.cycle;

import org.dqnspark.core.config.Settings;
import org.dqnspark.core.policy.EpsilonSchedule;

/**
 * How much a cycle collects and trains (keys under {@code dqn.cycle}).
 *
 * @param steps           agent steps each cycle collects and trains on
 * @param replayStartSize agent steps of uniform random play before learning starts (Nature: 50,000),
 *                        collected by the run's first cycle on top of its steps
 * @param updateFrequency agent steps per parameter update (Nature: 4)
 * @param exploration     the collect's epsilon against the run's agent steps
 */
record CycleSettings(long steps, long replayStartSize, int updateFrequency, EpsilonSchedule exploration) {
    static CycleSettings from(Settings s) {
        return new CycleSettings(s.positiveLong("dqn.cycle.steps"), s.nonNegativeInt("dqn.cycle.replay-start-size"),
                s.positiveInt("dqn.cycle.update-frequency"), EpsilonSchedule.from(s));
    }

    /** Updates that training on {@code steps} new agent steps takes (at least one). */
    long updatesFor(long trainedSteps) {
        return Math.max(1, trainedSteps / updateFrequency);
    }

    /** Random replay-start steps still to collect when the run has {@code agentSteps} and no snapshot. */
    long replayStartStillNeeded(long agentSteps) {
        return Math.max(0, replayStartSize - agentSteps);
    }
}
