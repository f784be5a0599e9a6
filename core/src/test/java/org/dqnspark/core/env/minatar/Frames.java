package org.dqnspark.core.env.minatar;

import org.dqnspark.core.env.Environment;

/** Reads a MinAtar observation back as cells, for assertions. */
final class Frames {
    private Frames() {
    }

    static boolean on(Environment env, int channel, int row, int column) {
        return env.observation()[(channel * Grid.SIZE + row) * Grid.SIZE + column] == Grid.ON;
    }

    static int count(Environment env, int channel) {
        int n = 0;
        for (int i = 0; i < Grid.SIZE * Grid.SIZE; i++) {
            n += env.observation()[channel * Grid.SIZE * Grid.SIZE + i] == Grid.ON ? 1 : 0;
        }
        return n;
    }

    /** One channel as ten lines of {@code .} (off) and {@code #} (on), for comparing with a drawing. */
    static String picture(Environment env, int channel) {
        StringBuilder text = new StringBuilder();
        for (int row = 0; row < Grid.SIZE; row++) {
            for (int column = 0; column < Grid.SIZE; column++) {
                text.append(on(env, channel, row, column) ? '#' : '.');
            }
            text.append('\n');
        }
        return text.toString();
    }

    /** The minimal-set index of MinAtar action {@code nativeAction} in {@code env}. */
    static int index(Environment env, int nativeAction) {
        for (int i = 0; i < env.actionCount(); i++) {
            if (env.nativeAction(i) == nativeAction) {
                return i;
            }
        }
        throw new IllegalArgumentException(env.game() + " has no action " + MinAtarGame.ACTION_NAMES.get(nativeAction));
    }
}
