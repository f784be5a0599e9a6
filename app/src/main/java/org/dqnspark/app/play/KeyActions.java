package org.dqnspark.app.play;

import java.util.ArrayList;
import java.util.List;
import org.dqnspark.core.env.Environment;

/**
 * Which action of the game's minimal action set the held keys play. An Atari game: the arrows give the
 * joystick's direction (two at once for a diagonal; opposite arrows cancel), space the button, as ALE's 18
 * actions combine them; a combination the game's set lacks falls back to the nearest it has (without the
 * vertical, then the horizontal direction, then the button: Breakout's UP+FIRE is FIRE), else NOOP. A MinAtar
 * game has no combinations: space (f) wins, then left/right (l, r), then up/down (u, d), each only if the game
 * has it, else NOOP. No key held is NOOP in both.
 */
final class KeyActions {
    /** ALE's Action enum, by number. */
    static final List<String> ALE_NAMES = List.of("NOOP", "FIRE", "UP", "RIGHT", "LEFT", "DOWN", "UPRIGHT", "UPLEFT",
            "DOWNRIGHT", "DOWNLEFT", "UPFIRE", "RIGHTFIRE", "LEFTFIRE", "DOWNFIRE", "UPRIGHTFIRE", "UPLEFTFIRE",
            "DOWNRIGHTFIRE", "DOWNLEFTFIRE");
    /** MinAtar's full action set {@code n, l, u, r, d, f}, by number. */
    static final List<String> MINATAR_NAMES = List.of("NOOP", "LEFT", "UP", "RIGHT", "DOWN", "FIRE");
    /** ALE's action for [vertical: none, up, down][horizontal: none, right, left][fire: no, yes]. */
    private static final int[][][] ALE = {
        {{0, 1}, {3, 11}, {4, 12}},
        {{2, 10}, {6, 14}, {7, 15}},
        {{5, 13}, {8, 16}, {9, 17}},
    };
    private static final int NOOP = 0;

    private final boolean atari;
    /** The game's own number of each action of its minimal set. */
    private final int[] natives;

    private KeyActions(boolean atari, int[] natives) {
        this.atari = atari;
        this.natives = natives;
    }

    /** The keys of {@code environment}'s game, of the family {@code atari} or {@code minatar}. */
    static KeyActions of(Environment environment, String family) {
        int[] natives = new int[environment.actionCount()];
        for (int a = 0; a < natives.length; a++) {
            natives[a] = environment.nativeAction(a);
        }
        return new KeyActions("atari".equals(family), natives);
    }

    /** The index into the minimal action set that {@code keys} play. */
    int action(HeldKeys keys) {
        for (int wanted : candidates(keys)) {
            for (int a = 0; a < natives.length; a++) {
                if (natives[a] == wanted) {
                    return a;
                }
            }
        }
        return indexOf(NOOP);
    }

    /** The name of action {@code a} of the minimal set, e.g. {@code LEFTFIRE}. */
    String name(int a) {
        return (atari ? ALE_NAMES : MINATAR_NAMES).get(natives[a]);
    }

    /** The game's legal actions, as the window lists them. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        for (int a = 0; a < natives.length; a++) {
            names.add(name(a));
        }
        return names;
    }

    private int indexOf(int nativeAction) {
        for (int a = 0; a < natives.length; a++) {
            if (natives[a] == nativeAction) {
                return a;
            }
        }
        return 0;
    }

    /** The game's own actions the keys may mean, best first. */
    private List<Integer> candidates(HeldKeys keys) {
        int vertical = keys.up() == keys.down() ? 0 : keys.up() ? 1 : 2;
        int horizontal = keys.right() == keys.left() ? 0 : keys.right() ? 1 : 2;
        int fire = keys.fire() ? 1 : 0;
        List<Integer> candidates = new ArrayList<>();
        if (atari) {
            candidates.add(ALE[vertical][horizontal][fire]);
            candidates.add(ALE[0][horizontal][fire]);
            candidates.add(ALE[vertical][0][fire]);
            candidates.add(ALE[vertical][horizontal][0]);
            candidates.add(ALE[0][horizontal][0]);
            candidates.add(ALE[vertical][0][0]);
        } else {
            if (fire == 1) {
                candidates.add(5);
            }
            if (horizontal != 0) {
                candidates.add(horizontal == 1 ? 3 : 1);
            }
            if (vertical != 0) {
                candidates.add(vertical == 1 ? 2 : 4);
            }
        }
        candidates.add(NOOP);
        return candidates;
    }
}
