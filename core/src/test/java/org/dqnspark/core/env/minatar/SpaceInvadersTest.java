package org.dqnspark.core.env.minatar;

import static org.dqnspark.core.env.minatar.SpaceInvaders.ALIEN;
import static org.dqnspark.core.env.minatar.SpaceInvaders.ALIEN_LEFT;
import static org.dqnspark.core.env.minatar.SpaceInvaders.ALIEN_RIGHT;
import static org.dqnspark.core.env.minatar.SpaceInvaders.CANNON;
import static org.dqnspark.core.env.minatar.SpaceInvaders.ENEMY_BULLET;
import static org.dqnspark.core.env.minatar.SpaceInvaders.FRIENDLY_BULLET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.dqnspark.core.env.StepOutcome;
import org.junit.jupiter.api.Test;

/** MinAtar Space Invaders' rules, from placed situations played by the game's own rules (no sticky actions). */
class SpaceInvadersTest {
    private static final String FIRST_WAVE = """
            ..######..
            ..######..
            ..######..
            ..######..
            ..........
            ..........
            ..........
            ..........
            ..........
            ..........
            """;

    private final MinAtarEnvironment env = MinAtarEnvironment.open("space_invaders", 1, 0.0, Integer.MAX_VALUE);
    private final SpaceInvaders game = (SpaceInvaders) env.rules();
    private final int noop = Frames.index(env, MinAtarGame.NOOP);
    private final int left = Frames.index(env, MinAtarGame.LEFT);
    private final int right = Frames.index(env, MinAtarGame.RIGHT);
    private final int fire = Frames.index(env, MinAtarGame.FIRE);

    private void loneAlien(int row, int column) {
        Arrays.fill(game.aliens, false);
        game.aliens[row * 10 + column] = true;
        env.render();
    }

    @Test
    void anEpisodeStartsWithAWaveOfTwentyFourAliensHeadingLeftAndTheCannonInColumnFive() {
        assertEquals(FIRST_WAVE, Frames.picture(env, ALIEN));
        assertEquals(FIRST_WAVE, Frames.picture(env, ALIEN_LEFT));
        assertEquals(0, Frames.count(env, ALIEN_RIGHT));
        assertTrue(Frames.on(env, CANNON, 9, 5));
    }

    @Test
    void shootingAnAlienGivesOne() {
        assertEquals(0f, env.step(fire).reward());
        assertTrue(Frames.on(env, FRIENDLY_BULLET, 8, 5), "a shot leaves the cannon at once");
        for (int step = 2; step <= 5; step++) {
            assertEquals(0f, env.step(noop).reward(), "frame " + step);
            assertTrue(Frames.on(env, FRIENDLY_BULLET, 9 - step, 5));
        }
        StepOutcome hit = env.step(noop);
        assertEquals(1f, hit.reward());
        assertFalse(Frames.on(env, ALIEN, 3, 5));
        assertEquals(23, Frames.count(env, ALIEN));
        assertEquals(0, Frames.count(env, FRIENDLY_BULLET));
    }

    @Test
    void theCannonReloadsForFiveFrames() {
        loneAlien(0, 0);
        env.step(fire);
        for (int step = 2; step <= 5; step++) {
            env.step(fire);
            assertEquals(1, Frames.count(env, FRIENDLY_BULLET), "frame " + step);
        }
        env.step(fire);
        assertEquals(2, Frames.count(env, FRIENDLY_BULLET));
    }

    @Test
    void theAlienNearestTheCannonShootsOnFrameElevenAndItsBulletKillsTheCannon() {
        for (int step = 1; step <= 10; step++) {
            env.step(noop);
        }
        assertEquals(0, Frames.count(env, ENEMY_BULLET));
        env.step(noop);
        assertTrue(Frames.on(env, ENEMY_BULLET, 3, 5), "fired from the lowest alien of the cannon's column");
        for (int step = 12; step <= 16; step++) {
            assertFalse(env.step(noop).gameOver(), "frame " + step);
        }
        assertTrue(env.step(noop).gameOver());
    }

    @Test
    void dodgingAnAlienBulletSurvivesIt() {
        for (int step = 1; step <= 15; step++) {
            env.step(noop);
        }
        env.step(left);
        for (int step = 17; step <= 20; step++) {
            assertFalse(env.step(noop).gameOver(), "frame " + step);
        }
    }

    @Test
    void theWaveSweepsSidewaysThenStepsDownAndTurnsAtTheEdge() {
        // The cannon waits in column 9, out of the aliens' line of fire.
        for (int i = 0; i < 4; i++) {
            env.step(right);
        }
        for (int step = 5; step <= 36; step++) {
            assertFalse(env.step(noop).gameOver(), "frame " + step);
        }
        // Moves every 12 frames: columns 1-6 on frame 13, 0-5 on frame 25.
        assertEquals("""
                ######....
                ######....
                ######....
                ######....
                ..........
                ..........
                ..........
                ..........
                ..........
                ..........
                """, Frames.picture(env, ALIEN_LEFT));
        assertFalse(env.step(noop).gameOver());
        String turned = """
                ..........
                ######....
                ######....
                ######....
                ######....
                ..........
                ..........
                ..........
                ..........
                ..........
                """;
        assertEquals(turned, Frames.picture(env, ALIEN));
        assertEquals(turned, Frames.picture(env, ALIEN_RIGHT));
        assertEquals(0, Frames.count(env, ALIEN_LEFT));
    }

    @Test
    void aLoneAlienMovesEveryFrame() {
        loneAlien(0, 5);
        for (int step = 1; step <= 12; step++) {
            env.step(noop);
        }
        assertTrue(Frames.on(env, ALIEN, 0, 5));
        for (int column = 4; column >= 1; column--) {
            env.step(noop);
            assertTrue(Frames.on(env, ALIEN, 0, column), Frames.picture(env, ALIEN));
        }
    }

    @Test
    void clearingAWaveBringsAFasterOne() {
        loneAlien(3, 5);
        env.step(fire);
        for (int i = 0; i < 4; i++) {
            // Out of the aliens' line of fire, to column 9.
            env.step(right);
        }
        assertEquals(1f, env.step(noop).reward());
        assertEquals(FIRST_WAVE, Frames.picture(env, ALIEN), "a new wave fills in on the frame of the last kill");
        int firstMove = -1;
        int secondMove = -1;
        for (int step = 7; step <= 30 && secondMove < 0; step++) {
            boolean[] before = game.aliens.clone();
            assertFalse(env.step(noop).gameOver(), "frame " + step);
            if (!Arrays.equals(before, game.aliens)) {
                if (firstMove < 0) {
                    firstMove = step;
                } else {
                    secondMove = step;
                }
            }
        }
        assertEquals(13, firstMove, "the move clock carries on from the first wave");
        assertEquals(11, secondMove - firstMove, "the second wave moves every 11 frames, not 12");
    }

    @Test
    void anAlienReachingTheCannonEndsTheEpisode() {
        loneAlien(9, 7);
        assertFalse(env.step(right).gameOver());
        assertTrue(env.step(right).gameOver());
    }
}
