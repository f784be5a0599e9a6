package org.dqnspark.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EpisodeIdsTest {
    @Test
    void idsOfDifferentActorsAndIterationsNeverCollide() {
        assertNotEquals(EpisodeIds.of(0, 1, 0), EpisodeIds.of(0, 0, 1));
        assertNotEquals(EpisodeIds.of(1, 0, 0), EpisodeIds.of(0, 0, 0));
        long id = EpisodeIds.of(7, 300, 12345);
        assertEquals(7, EpisodeIds.iteration(id));
        assertEquals(300, EpisodeIds.actor(id));
    }

    @Test
    void idsSortByIterationThenActorThenTime() {
        assertTrue(EpisodeIds.of(1, 0, 0) > EpisodeIds.of(0, EpisodeIds.MAX_ACTORS - 1, 5));
        assertTrue(EpisodeIds.of(0, 1, 0) > EpisodeIds.of(0, 0, EpisodeIds.MAX_EPISODES_PER_ACTOR - 1));
    }

    @Test
    void anActorOutOfRangeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> EpisodeIds.of(0, EpisodeIds.MAX_ACTORS, 0));
    }
}
