package org.dqnspark.bench;

/**
 * A scripted expert for MinAtar Breakout, the stand-in for a person in the demonstration tests and
 * bench/demonstrations.sh: it reads the ball's cell and heading (ball and trail channels) off the observation
 * and moves the paddle under the column where the ball will come down to the row above the paddle, with the
 * side walls' reflections. It sees what the agent sees and uses no hidden state.
 */
public final class BreakoutExpert {
    /** MinAtar Breakout's observation channels and its minimal actions (NOOP, LEFT, RIGHT). */
    private static final int PADDLE = 0;
    private static final int BALL = 1;
    private static final int TRAIL = 2;
    static final int NOOP = 0;
    static final int LEFT = 1;
    static final int RIGHT = 2;
    private static final int SIZE = 10;
    private static final int ABOVE_PADDLE = SIZE - 2;

    private BreakoutExpert() {
    }

    /** The expert's action on {@code observation} (4 x 10 x 10 bytes, channel-major). */
    public static int action(byte[] observation) {
        int paddle = column(observation, PADDLE, SIZE - 1);
        int[] ball = cell(observation, BALL);
        if (paddle < 0 || ball == null) {
            return NOOP;
        }
        int[] trail = cell(observation, TRAIL);
        int dx = trail == null ? 0 : Integer.signum(ball[0] - trail[0]);
        int dy = trail == null ? 1 : Integer.signum(ball[1] - trail[1]);
        int target = ball[0];
        if (dy > 0 && dx != 0) {
            // Follow the diagonal down to the row above the paddle, reflecting off the side walls.
            int x = ball[0];
            for (int y = ball[1]; y < ABOVE_PADDLE; y++) {
                if (x + dx < 0 || x + dx > SIZE - 1) {
                    dx = -dx;
                }
                x += dx;
            }
            target = x;
        }
        return target < paddle ? LEFT : target > paddle ? RIGHT : NOOP;
    }

    /** The column of channel {@code channel}'s cell in row {@code row}, or -1. */
    private static int column(byte[] observation, int channel, int row) {
        for (int x = 0; x < SIZE; x++) {
            if (observation[channel * SIZE * SIZE + row * SIZE + x] != 0) {
                return x;
            }
        }
        return -1;
    }

    /** {x, y} of channel {@code channel}'s first set cell, or null. */
    private static int[] cell(byte[] observation, int channel) {
        for (int i = 0; i < SIZE * SIZE; i++) {
            if (observation[channel * SIZE * SIZE + i] != 0) {
                return new int[] {i % SIZE, i / SIZE};
            }
        }
        return null;
    }
}
