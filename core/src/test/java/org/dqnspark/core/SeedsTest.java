package org.dqnspark.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeedsTest {
    @Test
    void theSamePathGivesTheSameSeed() {
        assertEquals(Seeds.derive(1, 2, 3), Seeds.derive(1, 2, 3));
    }

    @Test
    void neighbouringPathsGiveDistinctSeeds() {
        Set<Long> seeds = new HashSet<>();
        for (int iteration = 0; iteration < 50; iteration++) {
            for (int actor = 0; actor < 50; actor++) {
                seeds.add(Seeds.derive(1, iteration, actor));
            }
        }
        assertEquals(2500, seeds.size());
        assertNotEquals(Seeds.derive(1, 2, 3), Seeds.derive(1, 3, 2));
    }
}
