package org.dqnspark.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.dqnspark.core.UserError;
import org.dqnspark.core.config.Settings;
import org.junit.jupiter.api.Test;

class EpsilonScheduleTest {
    private final EpsilonSchedule nature = EpsilonSchedule.from(Settings.withOverrides(List.of()));

    @Test
    void theDefaultsAreNaturesOneToPointOneOverAMillionAgentSteps() {
        assertEquals(new EpsilonSchedule(1.0, 0.1, 1_000_000), nature);
    }

    @Test
    void epsilonFallsLinearlyThenStaysAtItsFinalValue() {
        assertEquals(1.0, nature.at(0), 1e-12);
        assertEquals(0.55, nature.at(500_000), 1e-12);
        assertEquals(0.91, nature.at(100_000), 1e-12);
        assertEquals(0.1, nature.at(1_000_000), 1e-12);
        assertEquals(0.1, nature.at(50_000_000), 1e-12);
    }

    @Test
    void aFinalValueAboveTheInitialOneIsABadSettingNamed() {
        UserError e = assertThrows(UserError.class, () -> EpsilonSchedule.from(Settings.withOverrides(
                List.of("dqn.exploration.final=0.5", "dqn.exploration.initial=0.2"))));
        assertEquals(true, e.getMessage().contains("dqn.exploration.final"), e.getMessage());
    }
}
