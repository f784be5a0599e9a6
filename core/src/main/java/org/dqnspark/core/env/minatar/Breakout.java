package org.dqnspark.core.env.minatar;

import java.util.Arrays;
import java.util.List;

/**
 * MinAtar Breakout: a paddle on the bottom row bounces a ball, which travels only along diagonals, into
 * three rows of bricks; +1 per brick; a cleared wall is rebuilt; the episode ends when the ball reaches
 * the bottom row past the paddle. The trail channel marks the ball's previous cell, showing its direction.
 * No difficulty ramp.
 */
final class Breakout extends MinAtarGame {
    static final int PADDLE = 0;
    static final int BALL = 1;
    static final int TRAIL = 2;
    static final int BRICK = 3;
    private static final List<String> CHANNELS = List.of("paddle", "ball", "trail", "brick");
    private static final int[] MINIMAL_ACTIONS = {NOOP, LEFT, RIGHT};
    private static final int BOTTOM = Grid.SIZE - 1;
    private static final int RIGHT_WALL = Grid.SIZE - 1;

    /** Ball directions, MinAtar's numbering: 0 up-left, 1 up-right, 2 down-right, 3 down-left. */
    static final int UP_LEFT = 0;
    static final int UP_RIGHT = 1;
    static final int DOWN_RIGHT = 2;
    static final int DOWN_LEFT = 3;
    private static final int[] DX = {-1, 1, 1, -1};
    private static final int[] DY = {-1, -1, 1, 1};
    /** A side wall flips the horizontal direction. */
    private static final int[] MIRROR_HORIZONTAL = {UP_RIGHT, UP_LEFT, DOWN_LEFT, DOWN_RIGHT};
    /** The top wall, a brick or the paddle's face flips the vertical direction. */
    private static final int[] MIRROR_VERTICAL = {DOWN_LEFT, DOWN_RIGHT, UP_RIGHT, UP_LEFT};
    /** The paddle's near corner sends the ball back the way it came. */
    private static final int[] REVERSE = {DOWN_RIGHT, DOWN_LEFT, UP_LEFT, UP_RIGHT};

    // Package-private so that tests can set up a situation; the rules below are what plays it.
    int paddle;
    int ballX;
    int ballY;
    int ballDirection;
    int lastX;
    int lastY;
    /** Bricks, row-major; MinAtar's {@code brick_map}. */
    final boolean[] bricks = new boolean[Grid.SIZE * Grid.SIZE];
    /** The ball broke a brick on the previous frame (MinAtar's {@code strike}). */
    boolean strike;

    Breakout(Dice dice) {
        super(dice);
    }

    @Override
    String name() {
        return "breakout";
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
        // MinAtar: the ball starts on row 3 at the left wall heading down-right, or at the right wall
        // heading down-left, with equal probability; the paddle starts in column 4.
        ballY = 3;
        if (below(2) == 0) {
            ballX = 0;
            ballDirection = DOWN_RIGHT;
        } else {
            ballX = RIGHT_WALL;
            ballDirection = DOWN_LEFT;
        }
        paddle = 4;
        buildWall();
        strike = false;
        lastX = ballX;
        lastY = ballY;
        terminal = false;
    }

    /** MinAtar: bricks fill rows 1 to 3. */
    private void buildWall() {
        Arrays.fill(bricks, false);
        Arrays.fill(bricks, Grid.SIZE, 4 * Grid.SIZE, true);
    }

    private boolean wallCleared() {
        for (boolean brick : bricks) {
            if (brick) {
                return false;
            }
        }
        return true;
    }

    @Override
    int act(int action) {
        if (terminal) {
            return 0;
        }
        int reward = 0;
        // The paddle moves first, then the ball.
        if (action == LEFT) {
            paddle = Math.max(0, paddle - 1);
        } else if (action == RIGHT) {
            paddle = Math.min(RIGHT_WALL, paddle + 1);
        }
        lastX = ballX;
        lastY = ballY;
        int newX = ballX + DX[ballDirection];
        int newY = ballY + DY[ballDirection];
        boolean hitBrick = false;
        if (newX < 0 || newX > RIGHT_WALL) {
            // MinAtar: a side wall reflects the ball, which stays in the wall column for this frame.
            newX = Math.max(0, Math.min(RIGHT_WALL, newX));
            ballDirection = MIRROR_HORIZONTAL[ballDirection];
        }
        if (newY < 0) {
            newY = 0;
            ballDirection = MIRROR_VERTICAL[ballDirection];
        } else if (bricks[newY * Grid.SIZE + newX]) {
            hitBrick = true;
            // MinAtar: the ball breaks a brick and bounces back to its row, unless it broke one on the
            // previous frame too; then it passes into the brick's cell without breaking it.
            if (!strike) {
                reward++;
                strike = true;
                bricks[newY * Grid.SIZE + newX] = false;
                newY = lastY;
                ballDirection = MIRROR_VERTICAL[ballDirection];
            }
        } else if (newY == BOTTOM) {
            // MinAtar: the wall is rebuilt when the ball comes down to the paddle's row with no brick left.
            if (wallCleared()) {
                buildWall();
            }
            if (ballX == paddle) {
                // The ball came down onto the paddle's face: it bounces up, keeping its horizontal heading.
                ballDirection = MIRROR_VERTICAL[ballDirection];
                newY = lastY;
            } else if (newX == paddle) {
                // It met the paddle's corner: it goes back the way it came.
                ballDirection = REVERSE[ballDirection];
                newY = lastY;
            } else {
                terminal = true;
            }
        }
        if (!hitBrick) {
            strike = false;
        }
        ballX = newX;
        ballY = newY;
        return reward;
    }

    @Override
    void draw(Grid grid) {
        grid.set(BALL, ballY, ballX);
        grid.set(PADDLE, BOTTOM, paddle);
        grid.set(TRAIL, lastY, lastX);
        grid.setAll(BRICK, bricks);
    }
}
