package org.dqnspark.collector.demonstrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dqnspark.core.UserError;
import org.junit.jupiter.api.Test;

/** The full action set onto minimal ones, on ALE's minimal sets of Breakout and Space Invaders. */
class ActionMappingTest {
    /** ALE 0.7.3's minimal action sets: NOOP FIRE RIGHT LEFT; NOOP FIRE RIGHT LEFT RIGHTFIRE LEFTFIRE. */
    private static final ActionMapping BREAKOUT = new ActionMapping(new int[] {0, 1, 3, 4});
    private static final ActionMapping SPACE_INVADERS = new ActionMapping(new int[] {0, 1, 3, 4, 11, 12});

    private static String mapped(ActionMapping mapping, int aleAction) {
        return ActionMapping.name(mapping.nativeAction(mapping.action(aleAction, "test")));
    }

    @Test
    void anActionOfTheMinimalSetStaysItself() {
        assertEquals(2, BREAKOUT.action(3, "test"));
        assertEquals("RIGHT", mapped(BREAKOUT, 3));
        assertFalse(BREAKOUT.changes(3));
        assertEquals("LEFTFIRE", mapped(SPACE_INVADERS, 12));
    }

    @Test
    void directionsTheGameDoesNotCombineAreDroppedVerticalFirst() {
        assertEquals("RIGHT", mapped(BREAKOUT, 6));      // UPRIGHT
        assertEquals("FIRE", mapped(BREAKOUT, 10));      // UPFIRE
        assertEquals("LEFT", mapped(BREAKOUT, 9));       // DOWNLEFT
        assertEquals("NOOP", mapped(BREAKOUT, 2));       // UP
        assertEquals("RIGHTFIRE", mapped(SPACE_INVADERS, 14)); // UPRIGHTFIRE
        assertTrue(BREAKOUT.changes(6));
    }

    @Test
    void aCombinationTheGameLacksKeepsFireOverTheDirectionAsDqnPlaysKeysDo() {
        assertEquals("FIRE", mapped(BREAKOUT, 11));      // RIGHTFIRE: Breakout has RIGHT and FIRE, not both
        assertEquals("LEFT", mapped(BREAKOUT, 17));      // DOWNLEFTFIRE: LEFTFIRE, DOWNFIRE, DOWNLEFT lacking, LEFT
        assertEquals("LEFTFIRE", mapped(SPACE_INVADERS, 17));
    }

    @Test
    void aDirectionTheGameHasIsKeptWhenFireIsWhatItLacks() {
        ActionMapping upOnly = new ActionMapping(new int[] {0, 2, 3});    // NOOP UP RIGHT
        assertEquals("UP", mapped(upOnly, 10));          // UPFIRE
        assertEquals("RIGHT", mapped(upOnly, 14));       // UPRIGHTFIRE: without vertical first
    }

    @Test
    void anIdOutsideAlesActionsIsRefusedNamingWhereItWasRead() {
        UserError e = assertThrows(UserError.class, () -> BREAKOUT.action(18, "trial.txt:7"));
        assertTrue(e.getMessage().startsWith("trial.txt:7: action 18"), e.getMessage());
    }
}
