package org.dqnspark.core.env.minatar;

import static org.dqnspark.core.env.minatar.Freeway.CAR;
import static org.dqnspark.core.env.minatar.Freeway.CHICKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dqnspark.core.env.StepOutcome;
import org.junit.jupiter.api.Test;

/** MinAtar Freeway's rules, from placed situations played by the game's own rules (no sticky actions). */
class FreewayTest {
    private final MinAtarEnvironment env = MinAtarEnvironment.open("freeway", 1, 0.0, Integer.MAX_VALUE);
    private final Freeway game = (Freeway) env.rules();
    private final int noop = Frames.index(env, MinAtarGame.NOOP);
    private final int up = Frames.index(env, MinAtarGame.UP);

    /** Every car at column 5 heading right at the slowest speed: none reaches column 4 within 29 frames. */
    private void parkCars() {
        for (int car = 0; car < Freeway.CARS; car++) {
            game.setCar(car, 5, 5);
        }
        env.render();
    }

    private int chickenRow() {
        for (int row = 0; row < 10; row++) {
            if (Frames.on(env, CHICKEN, row, Freeway.CHICKEN_COLUMN)) {
                return row;
            }
        }
        throw new AssertionError("no chicken:\n" + Frames.picture(env, CHICKEN));
    }

    @Test
    void anEpisodeStartsWithTheChickenAtTheBottomAndEveryCarAtTheLeftEdge() {
        assertEquals(9, chickenRow());
        assertEquals("""
                ..........
                #.........
                #.........
                #.........
                #.........
                #.........
                #.........
                #.........
                #.........
                ..........
                """, Frames.picture(env, CAR));
    }

    @Test
    void theChickenMovesOnlyEveryThirdFrame() {
        parkCars();
        int[] rows = {9, 9, 9, 8, 8, 8, 7, 7, 7, 6};
        for (int step = 0; step < rows.length; step++) {
            env.step(up);
            assertEquals(rows[step], chickenRow(), "after frame " + (step + 1));
        }
    }

    @Test
    void crossingGivesOneAndReturnsTheChickenToTheBottomKeepingTheCarsWhereTheyAre() {
        parkCars();
        float total = 0;
        for (int step = 1; step <= 27; step++) {
            total += env.step(up).reward();
        }
        assertEquals(0f, total);
        assertEquals(1, chickenRow());
        StepOutcome crossing = env.step(up);
        assertEquals(1f, crossing.reward());
        assertFalse(crossing.gameOver());
        assertEquals(9, chickenRow());
        // The parked cars moved on frames 6, 12, 18 and 24; new speeds do not move them.
        for (int row = 1; row <= 8; row++) {
            assertTrue(Frames.on(env, CAR, row, 9), Frames.picture(env, CAR));
        }
    }

    @Test
    void aCarHittingTheChickenSendsItBackToTheBottom() {
        parkCars();
        // The car of row 8 moves every second frame: to column 3 on frame 2, to column 4 on frame 4,
        // the frame on which the chicken first steps into row 8.
        game.setCar(7, 2, 1);
        for (int step = 1; step <= 3; step++) {
            env.step(up);
            assertEquals(9, chickenRow());
        }
        StepOutcome hit = env.step(up);
        assertEquals(0f, hit.reward());
        assertTrue(Frames.on(env, CAR, 8, 4));
        assertEquals(9, chickenRow());
        // Without that car, the chicken would be in row 8 now.
        env.reset();
        parkCars();
        for (int step = 1; step <= 4; step++) {
            env.step(up);
        }
        assertEquals(8, chickenRow());
    }

    @Test
    void carsWrapAroundAndTheirTrailShowsDirectionAndSpeed() {
        parkCars();
        game.setCar(0, 9, 1);
        game.setCar(1, 0, -3);
        env.render();
        // Trails: behind each car, in channel speedN for a car that waits N frames between moves.
        assertTrue(Frames.on(env, Freeway.SPEED + 1, 1, 8));
        assertTrue(Frames.on(env, Freeway.SPEED + 3, 2, 1));
        env.step(noop);
        env.step(noop);
        assertTrue(Frames.on(env, CAR, 1, 0), "a car leaving on the right comes back on the left");
        assertTrue(Frames.on(env, Freeway.SPEED + 1, 1, 9));
        env.step(noop);
        env.step(noop);
        assertTrue(Frames.on(env, CAR, 2, 9), "a car leaving on the left comes back on the right");
        assertTrue(Frames.on(env, Freeway.SPEED + 3, 2, 0));
    }

    @Test
    void theEpisodeEndsAfterTwoThousandFiveHundredFrames() {
        for (int step = 1; step <= Freeway.TIME_LIMIT; step++) {
            assertFalse(env.step(noop).gameOver(), "frame " + step);
        }
        assertTrue(env.step(noop).gameOver());
    }
}
