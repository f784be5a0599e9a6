package org.dqnspark.collector.demonstrations;

import java.util.Arrays;
import org.dqnspark.core.UserError;

/**
 * Maps ALE's full action set (the 18 joystick actions a dataset records) onto a game's minimal action set, the
 * actions the agent chooses among, as {@code dqn play} maps held keys: an action of the minimal set stays itself;
 * any other becomes the first of these the set has: the action without its vertical direction, without its
 * horizontal one, without FIRE, its horizontal direction alone, its vertical alone, NOOP. In Breakout (NOOP, FIRE,
 * RIGHT, LEFT) UPRIGHT becomes RIGHT, UPFIRE becomes FIRE, RIGHTFIRE becomes FIRE and UP becomes NOOP.
 */
public final class ActionMapping {
    /** ALE's full action set, by id: PLAYER_A_NOOP = 0 ... PLAYER_A_DOWNLEFTFIRE = 17. */
    public static final int FULL_ACTIONS = 18;
    private static final String[] NAMES = {"NOOP", "FIRE", "UP", "RIGHT", "LEFT", "DOWN", "UPRIGHT", "UPLEFT",
        "DOWNRIGHT", "DOWNLEFT", "UPFIRE", "RIGHTFIRE", "LEFTFIRE", "DOWNFIRE", "UPRIGHTFIRE", "UPLEFTFIRE",
        "DOWNRIGHTFIRE", "DOWNLEFTFIRE"};
    private static final int FIRE = 1;
    private static final int UP = 2;
    private static final int DOWN = 4;
    private static final int LEFT = 8;
    private static final int RIGHT = 16;
    /** The components of each ALE action, by id. */
    private static final int[] COMPONENTS = {0, FIRE, UP, RIGHT, LEFT, DOWN, UP | RIGHT, UP | LEFT, DOWN | RIGHT,
        DOWN | LEFT, UP | FIRE, RIGHT | FIRE, LEFT | FIRE, DOWN | FIRE, UP | RIGHT | FIRE, UP | LEFT | FIRE,
        DOWN | RIGHT | FIRE, DOWN | LEFT | FIRE};

    /** For each ALE action id: the index in the minimal set it becomes. */
    private final int[] index = new int[FULL_ACTIONS];
    private final int[] minimal;

    /** @param minimal the game's minimal action set as ALE ids, in the order the agent indexes them */
    public ActionMapping(int[] minimal) {
        this.minimal = minimal.clone();
        for (int action = 0; action < FULL_ACTIONS; action++) {
            int all = COMPONENTS[action];
            int vertical = all & (UP | DOWN);
            int horizontal = all & (LEFT | RIGHT);
            index[action] = -1;
            for (int candidate : new int[] {all, all & ~vertical, all & ~horizontal, all & ~FIRE, horizontal,
                vertical, 0}) {
                index[action] = indexOf(candidate);
                if (index[action] >= 0) {
                    break;
                }
            }
            if (index[action] < 0) {
                throw new IllegalArgumentException("the minimal action set " + Arrays.toString(minimal)
                        + " has no NOOP");
            }
        }
    }

    private int indexOf(int components) {
        for (int i = 0; i < minimal.length; i++) {
            if (COMPONENTS[minimal[i]] == components) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The index in the minimal set that ALE action {@code aleAction} becomes.
     *
     * @throws UserError naming {@code where} when the id is not an ALE action
     */
    public int action(int aleAction, String where) {
        if (aleAction < 0 || aleAction >= FULL_ACTIONS) {
            throw new UserError(where + ": action " + aleAction + " is not an ALE action (0 to 17).");
        }
        return index[aleAction];
    }

    /** The ALE id of the minimal action at {@code index}. */
    public int nativeAction(int index) {
        return minimal[index];
    }

    /** Whether ALE action {@code aleAction} is outside the minimal set, so that importing it changes it. */
    public boolean changes(int aleAction) {
        return minimal[index[aleAction]] != aleAction;
    }

    /** ALE's name of action {@code aleAction}, e.g. {@code UPFIRE}. */
    public static String name(int aleAction) {
        return NAMES[aleAction];
    }
}
