package org.dqnspark.core.spark;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PausePointsTest {
    @Test
    void aPointWithACountMatchesOnlyThatPointAtThatCount() {
        assertTrue(PausePoints.matches("train.updates@10", "train.updates", 10));
        assertFalse(PausePoints.matches("train.updates@10", "train.updates", 9));
        assertFalse(PausePoints.matches("train.updates@10", "collect.actor-step", 10));
    }

    @Test
    void aPointWithoutACountMatchesItsFirstTimeOnly() {
        assertTrue(PausePoints.matches("collect.committed-transitions", "collect.committed-transitions", 1));
        assertFalse(PausePoints.matches("collect.committed-transitions", "collect.committed-transitions", 2));
    }

    @Test
    void aCountThatIsNotANumberIsRefusedNamingTheProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PausePoints.matches("train.updates@ten", "train.updates", 10));
        assertTrue(e.getMessage().contains("-Ddqn.pause-at=train.updates@ten"), e.getMessage());
    }

    @Test
    void withoutThePropertyEveryPointReturnsAtOnce() {
        System.clearProperty(PausePoints.PROPERTY);
        PausePoints.reach(PausePoints.TRAIN_UPDATES, 10);
        assertTrue(PausePoints.pausedAt(PausePoints.TRAIN_UPDATES, 10) == 0);
    }
}
