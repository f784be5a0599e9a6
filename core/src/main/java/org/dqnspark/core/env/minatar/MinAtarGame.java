package org.dqnspark.core.env.minatar;

import java.util.List;

/**
 * The rules of one MinAtar game: its state, how one frame advances it, and how it is drawn. What every
 * game shares (sticky actions, the episode cap, the frame buffer) lives in {@link MinAtarEnvironment}.
 *
 * <p>Actions are MinAtar's full set, by its index: {@code n, l, u, r, d, f} = 0..5. Each game names the
 * subset that matters (MinAtar's {@code minimal_action_set}). Once the game is over, {@link #act} leaves
 * the state alone and returns 0, as MinAtar does.
 */
abstract class MinAtarGame {
    static final int NOOP = 0;
    static final int LEFT = 1;
    static final int UP = 2;
    static final int RIGHT = 3;
    static final int DOWN = 4;
    static final int FIRE = 5;
    /** MinAtar's {@code action_map}, for messages. */
    static final List<String> ACTION_NAMES = List.of("n", "l", "u", "r", "d", "f");

    /** Every random event of the game; shared with the sticky-action draws, as in MinAtar since 1.0.9. */
    private final Dice dice;
    boolean terminal;

    MinAtarGame(Dice dice) {
        this.dice = dice;
    }

    /** MinAtar's name of the game, e.g. {@code space_invaders}. */
    abstract String name();

    /** The channel names, in MinAtar's order (its {@code channels} dictionary). */
    abstract List<String> channels();

    /** The minimal action set, as MinAtar's action indices, in MinAtar's order. */
    abstract int[] minimalActions();

    /** Starts a new episode. */
    abstract void reset();

    /** Advances one frame with MinAtar action {@code action}; returns the reward. */
    abstract int act(int action);

    /** Draws the current state into a cleared grid. */
    abstract void draw(Grid grid);

    final boolean terminal() {
        return terminal;
    }

    /** A fair coin, MinAtar's {@code rand() < 1/2}: e.g. the side an object enters from. */
    final boolean coin() {
        return chance(0.5);
    }

    /** True with probability {@code p}, as MinAtar's {@code rand() < p}. */
    final boolean chance(double p) {
        return dice.uniform() < p;
    }

    /** Uniform in 0 .. n - 1, as MinAtar's {@code randint(n)}. */
    final int below(int n) {
        return dice.below(n);
    }
}
