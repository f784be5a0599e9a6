package org.dqnspark.core.env.minatar;

import static org.dqnspark.core.env.minatar.Seaquest.DIVER;
import static org.dqnspark.core.env.minatar.Seaquest.DIVER_GAUGE;
import static org.dqnspark.core.env.minatar.Seaquest.ENEMY_BULLET;
import static org.dqnspark.core.env.minatar.Seaquest.ENEMY_FISH;
import static org.dqnspark.core.env.minatar.Seaquest.FRIENDLY_BULLET;
import static org.dqnspark.core.env.minatar.Seaquest.OXYGEN_GAUGE;
import static org.dqnspark.core.env.minatar.Seaquest.SUB_BACK;
import static org.dqnspark.core.env.minatar.Seaquest.SUB_FRONT;
import static org.dqnspark.core.env.minatar.Seaquest.TRAIL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dqnspark.core.env.StepOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MinAtar Seaquest's rules, from placed situations played by the game's own rules (no sticky actions).
 * The sea is kept empty (spawn clocks pushed far off) unless a test places something in it.
 */
class SeaquestTest {
    private final MinAtarEnvironment env = MinAtarEnvironment.open("seaquest", 1, 0.0, Integer.MAX_VALUE);
    private final Seaquest game = (Seaquest) env.rules();
    private final int noop = Frames.index(env, MinAtarGame.NOOP);
    private final int left = Frames.index(env, MinAtarGame.LEFT);
    private final int right = Frames.index(env, MinAtarGame.RIGHT);
    private final int up = Frames.index(env, MinAtarGame.UP);
    private final int down = Frames.index(env, MinAtarGame.DOWN);
    private final int fire = Frames.index(env, MinAtarGame.FIRE);

    @BeforeEach
    void calmSea() {
        game.enemySpawnTimer = 1_000_000;
        game.diverSpawnTimer = 1_000_000;
    }

    private int gauge(int channel) {
        return Frames.count(env, channel);
    }

    @Test
    void theSubmarineStartsAtTheSurfaceFacingLeftWithFullOxygen() {
        assertTrue(Frames.on(env, SUB_FRONT, 0, 5));
        assertTrue(Frames.on(env, SUB_BACK, 0, 6));
        assertEquals(10, gauge(OXYGEN_GAUGE));
        assertEquals(0, gauge(DIVER_GAUGE));
        env.step(right);
        assertTrue(Frames.on(env, SUB_FRONT, 0, 6));
        assertTrue(Frames.on(env, SUB_BACK, 0, 5), "the back follows the heading");
        assertEquals(10, gauge(OXYGEN_GAUGE), "no oxygen is used at the surface");
    }

    @Test
    void oxygenRunsOutTwoHundredFramesBelowTheSurfaceAndEndsTheEpisode() {
        env.step(down);
        assertEquals(9, gauge(OXYGEN_GAUGE));
        for (int step = 2; step <= Seaquest.MAX_OXYGEN; step++) {
            assertFalse(env.step(noop).gameOver(), "frame " + step);
        }
        assertEquals(0, gauge(OXYGEN_GAUGE));
        StepOutcome outcome = env.step(noop);
        assertTrue(outcome.gameOver());
        assertEquals(0, gauge(OXYGEN_GAUGE), "the gauge does not flash full (MinAtar 1.0.11 fix)");
    }

    @Test
    void surfacingWithNoDiverEndsTheEpisode() {
        env.step(down);
        assertTrue(env.step(up).gameOver());
    }

    @Test
    void surfacingWithADiverRefillsOxygenAndTakesTheDiver() {
        game.divers = 1;
        env.step(down);
        for (int step = 0; step < 30; step++) {
            env.step(noop);
        }
        assertEquals(8, gauge(OXYGEN_GAUGE));
        assertEquals(1, gauge(DIVER_GAUGE));
        StepOutcome outcome = env.step(up);
        assertFalse(outcome.gameOver());
        assertEquals(0f, outcome.reward());
        assertEquals(10, gauge(OXYGEN_GAUGE));
        assertEquals(0, gauge(DIVER_GAUGE));
        assertEquals(Seaquest.INITIAL_SPAWN_INTERVAL - 1, game.enemySpawnInterval, "surfacing ramps difficulty");
    }

    @Test
    void surfacingWithSixDiversScoresOnePerTenthOfOxygenLeft() {
        game.divers = 6;
        env.render();
        assertTrue(Frames.picture(env, DIVER_GAUGE).endsWith("...######.\n"), Frames.picture(env, DIVER_GAUGE));
        env.step(down);
        for (int step = 2; step <= 40; step++) {
            env.step(noop);
        }
        // 160 of 200 oxygen left.
        StepOutcome outcome = env.step(up);
        assertEquals(8f, outcome.reward());
        assertFalse(outcome.gameOver());
        assertEquals(0, gauge(DIVER_GAUGE));
        assertEquals(10, gauge(OXYGEN_GAUGE));
    }

    @Test
    void afterSurfacingWithSixSurfacingWithoutADiverNoLongerEndsTheEpisodeAsInMinAtar() {
        // MinAtar's quirk: emptying a boat of six leaves the count at -1, and each surfacing takes one more
        // away; only a count of exactly 0 is "no diver".
        game.divers = 6;
        env.step(down);
        env.step(up);
        for (int surfacing = 0; surfacing < 3; surfacing++) {
            env.step(down);
            assertFalse(env.step(up).gameOver(), "surfacing " + surfacing);
            assertEquals(10, gauge(OXYGEN_GAUGE));
            assertEquals(0, gauge(DIVER_GAUGE));
        }
    }

    @Test
    void afterSurfacingWithSixOneDiverBringsTheCountToZeroAndSurfacingThenEndsTheEpisode() {
        game.divers = 6;
        env.step(down);
        env.step(up);
        game.diversInWater.add(new Mover(5, 1, true, Seaquest.DIVER_MOVE_INTERVAL, 0));
        env.step(down);
        assertEquals(0, Frames.count(env, DIVER), "the diver was taken aboard");
        assertEquals(0, gauge(DIVER_GAUGE));
        assertTrue(env.step(up).gameOver());
    }

    @Test
    void touchingADiverTakesItAboard() {
        game.diversInWater.add(new Mover(5, 1, true, Seaquest.DIVER_MOVE_INTERVAL, 0));
        env.render();
        assertTrue(Frames.on(env, DIVER, 1, 5));
        assertTrue(Frames.on(env, TRAIL, 1, 4));
        env.step(down);
        assertEquals(0, Frames.count(env, DIVER));
        assertTrue(Frames.on(env, DIVER_GAUGE, 9, 8));
        assertEquals(1, gauge(DIVER_GAUGE));
    }

    @Test
    void shootingAFishGivesOne() {
        game.fish.add(new Mover(1, 1, true, 5, 0));
        env.step(down);
        assertEquals(0f, env.step(fire).reward());
        assertTrue(Frames.on(env, FRIENDLY_BULLET, 1, 4), "the shot leaves the front, heading left");
        assertEquals(0f, env.step(noop).reward());
        assertEquals(0f, env.step(noop).reward());
        assertEquals(1f, env.step(noop).reward());
        assertEquals(0, Frames.count(env, ENEMY_FISH));
        assertEquals(0, Frames.count(env, FRIENDLY_BULLET));
    }

    @Test
    void aFishReachingTheSubmarineEndsTheEpisode() {
        game.fish.add(new Mover(3, 1, true, 0, 0));
        env.step(down);
        assertTrue(Frames.on(env, ENEMY_FISH, 1, 4));
        for (int step = 2; step <= 6; step++) {
            assertFalse(env.step(noop).gameOver(), "frame " + step);
        }
        assertTrue(env.step(noop).gameOver());
    }

    @Test
    void anEnemySubmarinesBulletEndsTheEpisode() {
        game.enemySubs.add(new Mover(0, 3, true, 1_000, 0));
        env.step(down);
        assertTrue(Frames.on(env, ENEMY_BULLET, 3, 1), "fired from the enemy's cell and moved at once");
        env.step(down);
        env.step(down);
        assertFalse(env.step(noop).gameOver());
        assertTrue(env.step(noop).gameOver());
    }

    @Test
    void theSubmarineStaysInRowsZeroToEightAndColumnsZeroToNine() {
        game.divers = 6;
        for (int i = 0; i < 12; i++) {
            env.step(down);
        }
        assertTrue(Frames.on(env, SUB_FRONT, 8, 5));
        for (int i = 0; i < 7; i++) {
            env.step(left);
        }
        assertTrue(Frames.on(env, SUB_FRONT, 8, 0));
        assertTrue(Frames.on(env, SUB_BACK, 8, 1));
    }
}
