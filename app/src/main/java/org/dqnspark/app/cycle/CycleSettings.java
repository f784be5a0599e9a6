package org.dqnspark.app.cycle;

import org.dqnspark.core.config.Settings;
import org.dqnspark.core.policy.EpsilonSchedule;
import org.dqnspark.trainer.UpdateSchedule;

/**
 * How much a cycle collects and trains: {@code dqn.cycle.agent-steps}, with the trainer's replay start and
 * update frequency ({@code dqn.train}) and the exploration schedule ({@code dqn.exploration}).
 *
 * @param agentSteps  agent steps each cycle collects and trains on
 * @param updates     replay start (collected by the run's first cycle on top of its agent steps) and agent
 *                    steps per update
 * @param exploration the collect's epsilon against the run's agent steps
 */
record CycleSettings(long agentSteps, UpdateSchedule updates, EpsilonSchedule exploration) {
    static CycleSettings from(Settings s) {
        return new CycleSettings(s.positiveLong("dqn.cycle.agent-steps"), UpdateSchedule.from(s),
                EpsilonSchedule.from(s));
    }
}
