package org.dqnspark.core.env.minatar;

import static org.dqnspark.core.env.minatar.Asterix.ENEMY;
import static org.dqnspark.core.env.minatar.Asterix.GOLD;
import static org.dqnspark.core.env.minatar.Asterix.PLAYER;
import static org.dqnspark.core.env.minatar.Asterix.TRAIL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.dqnspark.core.env.StepOutcome;
import org.junit.jupiter.api.Test;

/** MinAtar Asterix's rules, from placed situations played by the game's own rules (no sticky actions). */
class AsterixTest {
    private final MinAtarEnvironment env = MinAtarEnvironment.open("asterix", 1, 0.0, Integer.MAX_VALUE);
    private final Asterix game = (Asterix) env.rules();
    private final int noop = Frames.index(env, MinAtarGame.NOOP);
    private final int right = Frames.index(env, MinAtarGame.RIGHT);
    private final int up = Frames.index(env, MinAtarGame.UP);
    private final int down = Frames.index(env, MinAtarGame.DOWN);

    @Test
    void thePlayerStartsInTheMiddleAndStaysBetweenRowsOneAndEight() {
        assertTrue(Frames.on(env, PLAYER, 5, 5));
        for (int i = 0; i < 6; i++) {
            env.step(up);
        }
        assertTrue(Frames.on(env, PLAYER, 1, 5), Frames.picture(env, PLAYER));
        for (int i = 0; i < 9; i++) {
            env.step(down);
            // Clear the rows so that nothing the game spawns meets the player.
            Arrays.fill(game.present, false);
        }
        env.render();
        assertTrue(Frames.on(env, PLAYER, 8, 5), Frames.picture(env, PLAYER));
    }

    @Test
    void collectingTreasureGivesOne() {
        game.place(4, 7, false, true);
        env.render();
        assertTrue(Frames.on(env, GOLD, 5, 7));
        assertEquals(0f, env.step(right).reward());
        StepOutcome outcome = env.step(right);
        assertEquals(1f, outcome.reward());
        assertFalse(outcome.gameOver());
        assertEquals(0, Frames.count(env, GOLD));
    }

    @Test
    void touchingAnEnemyEndsTheEpisode() {
        game.place(4, 7, false, false);
        assertFalse(env.step(right).gameOver());
        StepOutcome outcome = env.step(right);
        assertTrue(outcome.gameOver());
        assertEquals(0f, outcome.reward());
    }

    @Test
    void anEnemyMovesEveryFifthFrameWithItsTrailBehindAndEndsTheEpisodeOnReachingThePlayer() {
        game.place(4, 7, false, false);
        for (int step = 1; step <= 5; step++) {
            env.step(noop);
            assertTrue(Frames.on(env, ENEMY, 5, 7), "step " + step);
        }
        env.step(noop);
        assertTrue(Frames.on(env, ENEMY, 5, 6));
        assertTrue(Frames.on(env, TRAIL, 5, 7), "the trail is behind a leftward enemy");
        for (int step = 7; step <= 10; step++) {
            assertFalse(env.step(noop).gameOver(), "step " + step);
        }
        assertTrue(env.step(noop).gameOver(), "the enemy reaches the player on frame 11");
    }

    @Test
    void theFirstObjectEntersOnFrameElevenFromASide() {
        for (int step = 1; step <= 10; step++) {
            env.step(noop);
            assertEquals(0, Frames.count(env, ENEMY) + Frames.count(env, GOLD), "step " + step);
        }
        env.step(noop);
        assertEquals(1, Frames.count(env, ENEMY) + Frames.count(env, GOLD));
        int channel = Frames.count(env, ENEMY) == 1 ? ENEMY : GOLD;
        // It entered at column 0 or 9 and took its first step on the same frame.
        boolean fromLeft = false;
        boolean fromRight = false;
        for (int row = 1; row <= 8; row++) {
            fromLeft |= Frames.on(env, channel, row, 1) && Frames.on(env, TRAIL, row, 0);
            fromRight |= Frames.on(env, channel, row, 8) && Frames.on(env, TRAIL, row, 9);
        }
        assertTrue(fromLeft ^ fromRight, Frames.picture(env, channel));
    }

    @Test
    void difficultyRampsEveryHundredAndTwoFramesSpawningThenMovingFaster() {
        // Keep the player alive: remove whatever the game spawned after each frame.
        int[] spawnIntervals = new int[4];
        int[] moveIntervals = new int[4];
        for (int ramp = 0; ramp < 4; ramp++) {
            for (int step = 0; step < Asterix.RAMP_INTERVAL + 2; step++) {
                env.step(noop);
                Arrays.fill(game.present, false);
            }
            spawnIntervals[ramp] = game.spawnInterval;
            moveIntervals[ramp] = game.moveInterval;
        }
        assertEquals("[9, 8, 7, 6]", Arrays.toString(spawnIntervals));
        assertEquals("[5, 4, 4, 3]", Arrays.toString(moveIntervals));
    }

    @Test
    void objectsComeFasterAfterTheRamp() {
        // Frames between the first two spawns: 10 at the start; after 102 frames the interval is 9.
        assertEquals(10, framesBetweenSpawns());
        env.reset();
        for (int step = 0; step < Asterix.RAMP_INTERVAL + 2; step++) {
            env.step(noop);
            Arrays.fill(game.present, false);
        }
        assertEquals(9, framesBetweenSpawns());
    }

    /** Plays no-ops, clearing objects after each spawn, and returns the frames between two spawns. */
    private int framesBetweenSpawns() {
        int first = -1;
        for (int step = 1; step < 100; step++) {
            env.step(noop);
            boolean spawned = Frames.count(env, ENEMY) + Frames.count(env, GOLD) > 0;
            Arrays.fill(game.present, false);
            if (spawned) {
                if (first >= 0) {
                    return step - first;
                }
                first = step;
            }
        }
        throw new AssertionError("fewer than two spawns in 100 frames");
    }
}
