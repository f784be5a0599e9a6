package org.dqnspark.core.env.minatar;

import java.util.Arrays;
import java.util.List;

/**
 * MinAtar Freeway: a chicken in column 4 crosses eight lanes of traffic upwards; it may move only every
 * third frame; reaching the top row gives +1, sends it back to the bottom and gives every car a new
 * random speed and direction; a car hitting it sends it back to the bottom. Cars wrap around the screen.
 * The episode ends after 2500 frames. A car's trail, in one of five channels, shows its direction (which
 * side of the car it is on) and its speed (which channel). No difficulty ramp.
 */
final class Freeway extends MinAtarGame {
    static final int CHICKEN = 0;
    static final int CAR = 1;
    /** Trail channels SPEED + 1 .. SPEED + 5, one per speed. */
    static final int SPEED = 1;
    private static final List<String> CHANNELS =
            List.of("chicken", "car", "speed1", "speed2", "speed3", "speed4", "speed5");
    private static final int[] MINIMAL_ACTIONS = {NOOP, UP, DOWN};
    /** MinAtar's constants: frames between chicken moves, frames per episode. */
    static final int PLAYER_SPEED = 3;
    static final int TIME_LIMIT = 2500;
    static final int CHICKEN_COLUMN = 4;
    static final int CARS = 8;
    static final int BOTTOM = Grid.SIZE - 1;

    // Package-private so that tests can set up a situation; the rules below are what plays it.
    int chicken;
    int moveTimer;
    int terminateTimer;
    /** Car i drives along row i + 1. */
    final int[] carX = new int[CARS];
    final int[] carTimer = new int[CARS];
    /** Signed: the sign is the direction (+ right), the size the frames the car waits between moves. */
    final int[] carSpeed = new int[CARS];

    Freeway(Dice dice) {
        super(dice);
    }

    @Override
    String name() {
        return "freeway";
    }

    @Override
    List<String> channels() {
        return CHANNELS;
    }

    @Override
    int[] minimalActions() {
        return MINIMAL_ACTIONS.clone();
    }

    @Override
    void reset() {
        // MinAtar: every car starts at column 0.
        Arrays.fill(carX, 0);
        randomizeCars();
        chicken = BOTTOM;
        moveTimer = PLAYER_SPEED;
        terminateTimer = TIME_LIMIT;
        terminal = false;
    }

    /**
     * MinAtar's {@code _randomize_cars}: each car gets a speed uniform in 1..5 and a direction left or
     * right with equal probability (all speeds drawn first, then all directions, as MinAtar does); its
     * wait restarts at its speed. Positions are kept.
     */
    private void randomizeCars() {
        int[] speeds = new int[CARS];
        for (int i = 0; i < CARS; i++) {
            speeds[i] = 1 + below(5);
        }
        for (int i = 0; i < CARS; i++) {
            // MinAtar's sign(rand() - 1/2): left below one half.
            setCar(i, carX[i], coin() ? -speeds[i] : speeds[i]);
        }
    }

    void setCar(int car, int column, int signedSpeed) {
        carX[car] = column;
        carSpeed[car] = signedSpeed;
        carTimer[car] = Math.abs(signedSpeed);
    }

    @Override
    int act(int action) {
        if (terminal) {
            return 0;
        }
        int reward = 0;
        if (action == UP && moveTimer == 0) {
            moveTimer = PLAYER_SPEED;
            chicken = Math.max(0, chicken - 1);
        } else if (action == DOWN && moveTimer == 0) {
            moveTimer = PLAYER_SPEED;
            chicken = Math.min(BOTTOM, chicken + 1);
        }
        if (chicken == 0) {
            reward++;
            randomizeCars();
            chicken = BOTTOM;
        }
        for (int i = 0; i < CARS; i++) {
            // MinAtar: a car hits the chicken if they share a cell before or after the car moves. A car
            // moves when its wait runs out, so a car of speed s moves every s + 1 frames.
            if (hits(i)) {
                chicken = BOTTOM;
            }
            if (carTimer[i] == 0) {
                carTimer[i] = Math.abs(carSpeed[i]);
                carX[i] = Math.floorMod(carX[i] + Integer.signum(carSpeed[i]), Grid.SIZE);
                if (hits(i)) {
                    chicken = BOTTOM;
                }
            } else {
                carTimer[i]--;
            }
        }
        if (moveTimer > 0) {
            moveTimer--;
        }
        terminateTimer--;
        // MinAtar counts down from TIME_LIMIT and ends the episode when the count goes below zero.
        if (terminateTimer < 0) {
            terminal = true;
        }
        return reward;
    }

    private boolean hits(int car) {
        return carX[car] == CHICKEN_COLUMN && car + 1 == chicken;
    }

    @Override
    void draw(Grid grid) {
        grid.set(CHICKEN, chicken, CHICKEN_COLUMN);
        for (int i = 0; i < CARS; i++) {
            int row = i + 1;
            grid.set(CAR, row, carX[i]);
            int behind = Math.floorMod(carX[i] - Integer.signum(carSpeed[i]), Grid.SIZE);
            grid.set(SPEED + Math.abs(carSpeed[i]), row, behind);
        }
    }
}
