package org.dqnspark.app.play;

import java.util.ArrayList;
import java.util.List;

/** The game keys a person holds down at the moment an agent step is played: the arrows and space (FIRE). */
record HeldKeys(boolean up, boolean down, boolean left, boolean right, boolean fire) {
    static final HeldKeys NONE = new HeldKeys(false, false, false, false, false);

    /** The keys as the window lists them, e.g. {@code LEFT+FIRE}, or {@code none}. */
    String describe() {
        List<String> held = new ArrayList<>();
        if (up) {
            held.add("UP");
        }
        if (down) {
            held.add("DOWN");
        }
        if (left) {
            held.add("LEFT");
        }
        if (right) {
            held.add("RIGHT");
        }
        if (fire) {
            held.add("FIRE");
        }
        return held.isEmpty() ? "none" : String.join("+", held);
    }
}
