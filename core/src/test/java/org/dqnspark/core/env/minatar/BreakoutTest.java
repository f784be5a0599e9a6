package org.dqnspark.core.env.minatar;

import static org.dqnspark.core.env.minatar.Breakout.BALL;
import static org.dqnspark.core.env.minatar.Breakout.BRICK;
import static org.dqnspark.core.env.minatar.Breakout.PADDLE;
import static org.dqnspark.core.env.minatar.Breakout.TRAIL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.dqnspark.core.env.StepOutcome;
import org.junit.jupiter.api.Test;

/** MinAtar Breakout's rules, from placed situations played by the game's own rules (no sticky actions). */
class BreakoutTest {
    private final MinAtarEnvironment env = MinAtarEnvironment.open("breakout", 1, 0.0, Integer.MAX_VALUE);
    private final Breakout game = (Breakout) env.rules();
    private final int noop = Frames.index(env, MinAtarGame.NOOP);
    private final int left = Frames.index(env, MinAtarGame.LEFT);
    private final int right = Frames.index(env, MinAtarGame.RIGHT);

    /** Puts the ball at column {@code x}, row {@code y}, heading {@code direction}. */
    private void ball(int x, int y, int direction) {
        game.ballX = x;
        game.ballY = y;
        game.lastX = x;
        game.lastY = y;
        game.ballDirection = direction;
        env.render();
    }

    private void assertBall(int x, int y) {
        assertEquals(1, Frames.count(env, BALL));
        assertTrue(Frames.on(env, BALL, y, x), "ball expected at column " + x + ", row " + y + ":\n"
                + Frames.picture(env, BALL));
    }

    @Test
    void anEpisodeStartsWithThreeRowsOfBricksThePaddleInTheMiddleAndTheBallAtASideWall() {
        env.reset();
        assertEquals("""
                ..........
                ##########
                ##########
                ##########
                ..........
                ..........
                ..........
                ..........
                ..........
                ..........
                """, Frames.picture(env, BRICK));
        assertTrue(Frames.on(env, PADDLE, 9, 4));
        assertTrue(Frames.on(env, BALL, 3, 0) || Frames.on(env, BALL, 3, 9));
    }

    @Test
    void theBallBouncesOffASideWallAndLeavesATrail() {
        ball(8, 7, Breakout.UP_RIGHT);
        env.step(noop);
        assertBall(9, 6);
        env.step(noop);
        // Reflected: it stays in the wall column and now heads up-left.
        assertBall(9, 5);
        assertTrue(Frames.on(env, TRAIL, 6, 9));
        env.step(noop);
        assertBall(8, 4);
        assertTrue(Frames.on(env, TRAIL, 5, 9));
    }

    @Test
    void theBallBouncesOffTheTopWall() {
        Arrays.fill(game.bricks, false);
        ball(4, 1, Breakout.UP_RIGHT);
        env.step(noop);
        assertBall(5, 0);
        env.step(noop);
        assertBall(6, 0);
        env.step(noop);
        assertBall(7, 1);
    }

    @Test
    void aBallComingDownOntoThePaddleBouncesUpKeepingItsHeading() {
        ball(3, 7, Breakout.DOWN_RIGHT);
        env.step(noop);
        assertBall(4, 8);
        StepOutcome outcome = env.step(noop);
        assertFalse(outcome.gameOver());
        assertBall(5, 8);
        env.step(noop);
        assertBall(6, 7);
    }

    @Test
    void aBallMeetingThePaddlesCornerGoesBackTheWayItCame() {
        ball(3, 8, Breakout.DOWN_RIGHT);
        StepOutcome outcome = env.step(noop);
        assertFalse(outcome.gameOver());
        assertBall(4, 8);
        env.step(noop);
        assertBall(3, 7);
    }

    @Test
    void theEpisodeEndsWhenTheBallPassesThePaddle() {
        game.paddle = 7;
        ball(3, 8, Breakout.DOWN_RIGHT);
        StepOutcome outcome = env.step(noop);
        assertTrue(outcome.gameOver());
        assertFalse(outcome.truncated());
        assertEquals(0f, outcome.reward());
        assertBall(4, 9);
        // As in MinAtar, a finished game stands still.
        assertTrue(env.step(right).gameOver());
        assertBall(4, 9);
    }

    @Test
    void breakingABrickGivesOneAndSendsTheBallBack() {
        ball(4, 5, Breakout.UP_LEFT);
        assertEquals(0f, env.step(noop).reward());
        assertBall(3, 4);
        assertEquals(1f, env.step(noop).reward());
        assertFalse(Frames.on(env, BRICK, 3, 2));
        assertEquals(29, Frames.count(env, BRICK));
        assertBall(2, 4);
        env.step(noop);
        assertBall(1, 5);
    }

    @Test
    void aBallThatJustBrokeABrickPassesThroughTheNextOneItMeets() {
        // MinAtar's strike flag: a brick met on the frame after a break is entered, not broken.
        game.bricks[2 * 10 + 5] = false;
        ball(5, 2, Breakout.UP_LEFT);
        assertEquals(1f, env.step(noop).reward());
        assertFalse(Frames.on(env, BRICK, 1, 4));
        assertBall(4, 2);
        assertEquals(0f, env.step(noop).reward());
        assertBall(3, 3);
        assertTrue(Frames.on(env, BRICK, 3, 3));
        assertEquals(28, Frames.count(env, BRICK));
    }

    @Test
    void thePaddleStopsAtTheLeftEdge() {
        ball(0, 8, Breakout.UP_RIGHT);
        int[] expected = {3, 2, 1, 0, 0, 0};
        for (int column : expected) {
            assertFalse(env.step(left).gameOver());
            assertEquals(1, Frames.count(env, PADDLE));
            assertTrue(Frames.on(env, PADDLE, 9, column), Frames.picture(env, PADDLE));
        }
    }

    @Test
    void thePaddleStopsAtTheRightEdge() {
        ball(0, 8, Breakout.UP_RIGHT);
        int[] expected = {5, 6, 7, 8, 9, 9};
        for (int column : expected) {
            assertFalse(env.step(right).gameOver());
            assertTrue(Frames.on(env, PADDLE, 9, column), Frames.picture(env, PADDLE));
        }
    }

    @Test
    void aClearedWallIsRebuiltWhenTheBallComesBackDown() {
        Arrays.fill(game.bricks, false);
        game.bricks[3 * 10 + 2] = true;
        ball(4, 5, Breakout.UP_LEFT);
        float total = 0;
        // The paddle goes to column 2 while the ball breaks the last brick, bounces off the left wall
        // and comes down.
        int[] actions = {left, left, noop, noop, noop, noop};
        for (int action : actions) {
            StepOutcome outcome = env.step(action);
            total += outcome.reward();
            assertFalse(outcome.gameOver());
        }
        assertEquals(1f, total);
        assertEquals(0, Frames.count(env, BRICK));
        assertBall(1, 8);
        assertFalse(env.step(noop).gameOver());
        assertEquals(30, Frames.count(env, BRICK));
        assertBall(2, 8);
    }
}
