package org.dqnspark.app.play;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.EnvironmentSettings;
import org.dqnspark.core.env.Environment;
import org.dqnspark.core.env.Games;
import org.dqnspark.core.testing.TestRoms;
import org.junit.jupiter.api.Test;

/** The keys as the README documents them, on real games' minimal action sets. */
class KeyActionsTest {
    private static final EnvironmentSettings SETTINGS = EnvironmentSettings.forTraining(Settings.defaults());

    private static HeldKeys keys(String held) {
        return new HeldKeys(held.contains("U"), held.contains("D"), held.contains("L"), held.contains("R"),
                held.contains("F"));
    }

    private static String played(KeyActions actions, String held) {
        return actions.name(actions.action(keys(held)));
    }

    @Test
    void atariSeaquestHasAllEighteenActionsSoEveryCombinationPlaysItsOwn() {
        try (Environment seaquest = Games.of(TestRoms.rom("seaquest.bin"), null).open(SETTINGS, 0)) {
            KeyActions actions = KeyActions.of(seaquest, "atari");
            assertEquals(18, actions.names().size());
            assertEquals("NOOP", played(actions, ""));
            assertEquals("UPRIGHTFIRE", played(actions, "URF"));
            assertEquals("DOWNLEFT", played(actions, "DL"));
            assertEquals("LEFTFIRE", played(actions, "LF"));
            assertEquals("FIRE", played(actions, "LRF"), "opposite arrows cancel");
        }
    }

    @Test
    void atariBreakoutFallsBackToTheNearestActionItHas() {
        try (Environment breakout = Games.of(TestRoms.rom("breakout.bin"), null).open(SETTINGS, 0)) {
            KeyActions actions = KeyActions.of(breakout, "atari");
            assertEquals(java.util.List.of("NOOP", "FIRE", "RIGHT", "LEFT"), actions.names());
            assertEquals("FIRE", played(actions, "LF"), "no LEFTFIRE: the button, not the direction");
            assertEquals("RIGHT", played(actions, "UR"), "no UPRIGHT: without the vertical");
            assertEquals("NOOP", played(actions, "U"));
        }
    }

    @Test
    void minAtarPlaysOneActionFireFirstThenLeftRightThenUpDown() {
        try (Environment seaquest = Games.of(null, "minatar:seaquest").open(SETTINGS, 0);
             Environment breakout = Games.of(null, "minatar:breakout").open(SETTINGS, 0)) {
            KeyActions all = KeyActions.of(seaquest, "minatar");
            assertEquals(java.util.List.of("NOOP", "LEFT", "UP", "RIGHT", "DOWN", "FIRE"), all.names());
            assertEquals("FIRE", played(all, "ULF"));
            assertEquals("LEFT", played(all, "UL"));
            assertEquals("DOWN", played(all, "D"));
            assertEquals("NOOP", played(all, "UD"));
            KeyActions three = KeyActions.of(breakout, "minatar");
            assertEquals("LEFT", played(three, "LF"), "Breakout has no FIRE");
            assertEquals("NOOP", played(three, "U"));
        }
    }
}
