package org.dqnspark.core.policy;

import java.io.Serializable;
import org.dqnspark.core.UserError;
import org.dqnspark.core.config.Settings;

/**
 * Nature's exploration schedule (Mnih et al. 2015, Extended Data Table 1): epsilon "linearly annealed
 * from its initial to its final value over" the first {@code finalStep} agent steps, then fixed.
 *
 * @param initial   epsilon at agent step 0 (Nature: 1.0)
 * @param last      epsilon from {@code finalStep} on (Nature: 0.1)
 * @param finalStep agent steps over which epsilon falls (Nature: 1,000,000)
 */
public record EpsilonSchedule(double initial, double last, long finalStep) implements Serializable {
    public EpsilonSchedule {
        if (finalStep <= 0) {
            throw new IllegalArgumentException("finalStep must be positive, got " + finalStep);
        }
    }

    /** The schedule of {@code dqn.cycle.*-exploration*}. */
    public static EpsilonSchedule from(Settings s) {
        double initial = s.fraction("dqn.exploration.initial");
        double last = s.fraction("dqn.exploration.final");
        if (last > initial) {
            throw new UserError("Setting 'dqn.exploration.final' (" + last + ") must not exceed"
                    + " 'dqn.exploration.initial' (" + initial + ").");
        }
        return new EpsilonSchedule(initial, last, s.positiveLong("dqn.exploration.final-agent-step"));
    }

    /** Epsilon after {@code agentSteps} agent steps of the run. */
    public double at(long agentSteps) {
        if (agentSteps >= finalStep) {
            return last;
        }
        return initial + (last - initial) * ((double) Math.max(0, agentSteps) / finalStep);
    }
}
