package org.dqnspark.core.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TdTargetsTest {
    private static final float GAMMA = 0.99f;
    private static final float TOLERANCE = 1e-5f;

    @Test
    void aNonTerminalStepBootstrapsFromTheTargetNetworksMax() {
        // Row 0: max(0.2, 1.5, -0.3) = 1.5, so y = 0 + 0.99 * 1.5 = 1.485.
        // Row 1: max(-2, -1, -4) = -1, so y = 1 + 0.99 * -1 = 0.01.
        float[] y = TdTargets.natureDqn(new float[] {0f, 1f}, new boolean[] {false, false}, GAMMA,
                new float[] {0.2f, 1.5f, -0.3f, -2f, -1f, -4f});
        assertArrayEquals(new float[] {1.485f, 0.01f}, y, TOLERANCE);
    }

    @Test
    void aTerminalStepHasNoBootstrap() {
        // Row 0 is terminal: y = r = 1, whatever the next state's values (NaN here: never read).
        // Row 1 is not: y = -1 + 0.99 * max(2, 3) = -1 + 2.97 = 1.97.
        float[] y = TdTargets.natureDqn(new float[] {1f, -1f}, new boolean[] {true, false}, GAMMA,
                new float[] {Float.NaN, 100f, 2f, 3f});
        assertArrayEquals(new float[] {1f, 1.97f}, y, TOLERANCE);
    }

    @Test
    void rewardsAreClippedToPlusOrMinusOne() {
        // All terminal, so y is the clipped reward: 5 -> 1, -3 -> -1, 0.5 and 0 stay.
        float[] y = TdTargets.natureDqn(new float[] {5f, -3f, 0.5f, 0f}, new boolean[] {true, true, true, true}, GAMMA,
                new float[] {9f, 9f, 9f, 9f});
        assertArrayEquals(new float[] {1f, -1f, 0.5f, 0f}, y, 0f);
    }

    @Test
    void theClippedRewardIsAddedToTheBootstrap() {
        // r = 5 clips to 1; y = 1 + 0.99 * max(0.5, 2) = 1 + 1.98 = 2.98.
        float[] y = TdTargets.natureDqn(new float[] {5f}, new boolean[] {false}, GAMMA, new float[] {0.5f, 2f});
        assertArrayEquals(new float[] {2.98f}, y, TOLERANCE);
    }

    @Test
    void doubleDqnValuesTheOnlineNetworksArgmaxWithTheTargetNetwork() {
        // Q_target(s') = (1, 5, 2): its max is 5 at action 1.
        // Q_online(s') = (0, 1, 3): its argmax is action 2, where Q_target is 2.
        // Nature:     y = 0.5 + 0.99 * 5 = 0.5 + 4.95 = 5.45
        // Double DQN: y = 0.5 + 0.99 * 2 = 0.5 + 1.98 = 2.48
        float[] rewards = {0.5f};
        boolean[] terminal = {false};
        float[] qTarget = {1f, 5f, 2f};
        float[] qOnline = {0f, 1f, 3f};
        assertArrayEquals(new float[] {5.45f}, TdTargets.natureDqn(rewards, terminal, GAMMA, qTarget), TOLERANCE);
        assertArrayEquals(new float[] {2.48f}, TdTargets.doubleDqn(rewards, terminal, GAMMA, qTarget, qOnline),
                TOLERANCE);
    }

    @Test
    void doubleDqnAgreesWithNatureWhenBothNetworksPickTheSameAction() {
        // Row 0: both argmaxes are action 0: y = -3 -> -1, -1 + 0.99 * 4 = 2.96.
        // Row 1 is terminal: y = 0.25 either way.
        float[] rewards = {-3f, 0.25f};
        boolean[] terminal = {false, true};
        float[] qTarget = {4f, 1f, 7f, 7f};
        float[] qOnline = {9f, 8f, 0f, 1f};
        float[] nature = TdTargets.natureDqn(rewards, terminal, GAMMA, qTarget);
        assertArrayEquals(new float[] {2.96f, 0.25f}, nature, TOLERANCE);
        assertArrayEquals(nature, TdTargets.doubleDqn(rewards, terminal, GAMMA, qTarget, qOnline), 0f);
    }

    @Test
    void aTieInTheOnlineArgmaxGoesToTheLowestAction() {
        // Q_online ties actions 0 and 1 at 2; action 0 wins, Q_target there is -1: y = 0 + 0.99 * -1 = -0.99.
        float[] y = TdTargets.doubleDqn(new float[] {0f}, new boolean[] {false}, GAMMA, new float[] {-1f, 3f},
                new float[] {2f, 2f});
        assertArrayEquals(new float[] {-0.99f}, y, TOLERANCE);
    }

    @Test
    void theRuleEnumChoosesTheFormula() {
        float[] qTarget = {1f, 5f, 2f};
        float[] qOnline = {0f, 1f, 3f};
        assertEquals(5.45f, TdTargets.compute(TdTargets.Rule.NATURE_DQN, new float[] {0.5f}, new boolean[] {false},
                GAMMA, TdTargets.NATURE_REWARD_CLIP, qTarget, null)[0], TOLERANCE);
        assertEquals(2.48f, TdTargets.compute(TdTargets.Rule.DOUBLE_DQN, new float[] {0.5f}, new boolean[] {false},
                GAMMA, TdTargets.NATURE_REWARD_CLIP, qTarget, qOnline)[0], TOLERANCE);
    }

    @Test
    void theRewardClipIsASettingNotAConstant() {
        // A reward of 5 under a clip of 2 counts as 2: y = 2 + gamma * max(1, 5, 2); -5 ends its game at -2.
        float[] y = TdTargets.compute(TdTargets.Rule.NATURE_DQN, new float[] {5f, -5f}, new boolean[] {false, true},
                GAMMA, 2f, new float[] {1f, 5f, 2f, 0f, 0f, 0f}, null);
        assertArrayEquals(new float[] {2f + GAMMA * 5f, -2f}, y, TOLERANCE);
    }

    @Test
    void nStepTargetsSumTheClippedDiscountedRewardsAndBootstrapFromTheLastState() {
        // Row 0: three steps, rewards 1, 5 (clipped to 1), 0, then Q_target(s_3) = (2, 4): 1 + g + 0 + g^3 * 4.
        // Row 1: the game ended after two steps: -1 + g * 1, no bootstrap. Row 2: Double DQN picks action 0.
        float g = GAMMA;
        float[][] rewards = {{1f, 5f, 0f}, {-1f, 1f}, {0f}};
        boolean[] terminal = {false, true, false};
        float[] qTarget = {2f, 4f, 9f, 9f, 3f, 7f};
        float[] qOnline = {0f, 1f, 0f, 0f, 5f, 1f};
        assertArrayEquals(new float[] {1f + g + g * g * g * 4f, -1f + g, g * 7f}, TdTargets.nStep(
                TdTargets.Rule.NATURE_DQN, rewards, terminal, g, 1f, qTarget, null), TOLERANCE);
        assertEquals(g * 3f, TdTargets.nStep(TdTargets.Rule.DOUBLE_DQN, rewards, terminal, g, 1f, qTarget,
                qOnline)[2], TOLERANCE);
    }

    @Test
    void aOneStepReturnIsTheOneStepTarget() {
        float[] qTarget = {1f, 5f, 2f};
        assertArrayEquals(TdTargets.compute(TdTargets.Rule.NATURE_DQN, new float[] {0.5f}, new boolean[] {false}, GAMMA,
                1f, qTarget, null), TdTargets.nStep(TdTargets.Rule.NATURE_DQN, new float[][] {{0.5f}},
                new boolean[] {false}, GAMMA, 1f, qTarget, null), TOLERANCE);
    }

    @Test
    void mismatchedShapesAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> TdTargets.natureDqn(new float[] {0f, 0f}, new boolean[] {false}, GAMMA, new float[] {1f, 2f}));
        assertThrows(IllegalArgumentException.class,
                () -> TdTargets.natureDqn(new float[] {0f, 0f}, new boolean[] {false, false}, GAMMA, new float[] {1f}));
        assertThrows(IllegalArgumentException.class, () -> TdTargets.doubleDqn(new float[] {0f},
                new boolean[] {false}, GAMMA, new float[] {1f, 2f}, new float[] {1f, 2f, 3f}));
        assertThrows(IllegalArgumentException.class,
                () -> TdTargets.doubleDqn(new float[] {0f}, new boolean[] {false}, GAMMA, new float[] {1f, 2f}, null));
        assertThrows(IllegalArgumentException.class,
                () -> TdTargets.natureDqn(new float[] {0f}, new boolean[] {false}, 1.5f, new float[] {1f}));
    }
}
