package org.dqnspark.core.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.testing.TestRoms;
import org.junit.jupiter.api.Test;

/** ALE with real ROMs from $DQN_ROMS. */
class AleEnvironmentTest {
    private static final EnvironmentSettings NATURE = EnvironmentSettings.forTraining(Settings.defaults());

    private static AleEnvironment breakout(EnvironmentSettings settings, long seed) {
        return new AleEnvironment(RomFile.load(TestRoms.rom("breakout.bin")), settings, seed);
    }

    @Test
    void minimalActionSetsHaveTheKnownSizes() {
        try (AleEnvironment breakout = breakout(NATURE, 1);
             AleEnvironment pong = new AleEnvironment(RomFile.load(TestRoms.rom("pong.bin")), NATURE, 1)) {
            assertEquals(4, breakout.actionCount());
            assertEquals(6, pong.actionCount());
            assertEquals("breakout", breakout.game());
            assertEquals("pong", pong.game());
            // Breakout's minimal set is NOOP, FIRE, RIGHT, LEFT in ALE's numbering.
            assertEquals(List.of(0, 1, 3, 4), List.of(breakout.nativeAction(0), breakout.nativeAction(1),
                    breakout.nativeAction(2), breakout.nativeAction(3)));
        }
    }

    @Test
    void framesAreEightyFourByEightyFourBytes() {
        try (AleEnvironment env = breakout(NATURE, 1)) {
            env.reset();
            assertEquals(7056, env.observation().length);
            assertEquals(7056, env.frameBytes());
        }
    }

    private static List<String> playAndHash(long seed, int steps) throws Exception {
        List<String> hashes = new ArrayList<>();
        SplittableRandom actions = new SplittableRandom(42);
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        try (AleEnvironment env = breakout(NATURE, seed)) {
            hashes.add("noops " + env.reset());
            for (int i = 0; i < steps; i++) {
                StepOutcome outcome = env.step(actions.nextInt(env.actionCount()));
                hashes.add(java.util.HexFormat.of().formatHex(md5.digest(env.observation())) + " " + outcome);
                if (outcome.episodeEnded()) {
                    hashes.add("noops " + env.reset());
                }
            }
        }
        return hashes;
    }

    @Test
    void theSameSeedGivesIdenticalFrames() throws Exception {
        List<String> first = playAndHash(7, 600);
        assertEquals(first, playAndHash(7, 600));
        assertNotEquals(first, playAndHash(8, 600), "another seed should start with other no-ops");
    }

    @Test
    void aLifeLossIsReportedApartFromGameOver() {
        try (AleEnvironment env = breakout(NATURE, 3)) {
            env.reset();
            int lives = env.lives();
            assertEquals(5, lives);
            boolean sawLifeLossWithoutGameOver = false;
            // Only NOOP: the ball is never served, so FIRE once, then let every ball fall.
            for (int i = 0; i < 5000 && !sawLifeLossWithoutGameOver; i++) {
                StepOutcome outcome = env.step(i % 50 == 0 ? 1 : 0);
                if (outcome.lifeLost()) {
                    assertFalse(outcome.gameOver());
                    assertEquals(lives - 1, env.lives());
                    sawLifeLossWithoutGameOver = true;
                }
            }
            assertTrue(sawLifeLossWithoutGameOver, "no life lost in 5000 steps of letting the ball fall");
        }
    }

    @Test
    void episodesEndInGameOverWhenEveryLifeIsLost() {
        try (AleEnvironment env = breakout(NATURE, 3)) {
            env.reset();
            int livesLost = 0;
            StepOutcome outcome = null;
            for (int i = 0; i < 20000; i++) {
                outcome = env.step(i % 50 == 0 ? 1 : 0);
                livesLost += outcome.lifeLost() ? 1 : 0;
                if (outcome.gameOver()) {
                    break;
                }
            }
            assertTrue(outcome.gameOver());
            assertFalse(outcome.truncated());
            assertEquals(5, livesLost);
        }
    }

    @Test
    void noOpStartsStayWithinZeroToThirtyAndVary() {
        Set<Integer> seen = new HashSet<>();
        try (AleEnvironment env = breakout(NATURE, 11)) {
            for (int episode = 0; episode < 60; episode++) {
                int noops = env.reset();
                assertTrue(noops >= 0 && noops <= 30, "no-ops " + noops);
                assertEquals(noops, env.episodeFrames(), "each no-op is one frame");
                seen.add(noops);
            }
        }
        assertTrue(seen.size() > 10, "no-op counts should vary: " + seen);
    }

    @Test
    void theFrameCapTruncatesWithoutGameOver() {
        int cap = 400;
        try (AleEnvironment env = breakout(NATURE.withMaxFramesPerEpisode(cap), 5)) {
            env.reset();
            StepOutcome outcome;
            int steps = 0;
            do {
                outcome = env.step(0); // NOOP: the ball is never served, so the game cannot end
                steps++;
            } while (!outcome.episodeEnded() && steps < 1000);
            assertTrue(outcome.truncated());
            assertFalse(outcome.gameOver());
            assertTrue(env.episodeFrames() >= cap && env.episodeFrames() < cap + 4, "frames " + env.episodeFrames());
        }
    }

    @Test
    void stickyActionsAreOffByDefaultAsInNature() {
        assertEquals(0.0, NATURE.stickyActionProbability());
        assertEquals(4, NATURE.frameSkip());
        assertEquals(30, NATURE.noopMax());
        assertEquals(108_000, NATURE.maxFramesPerEpisode());
        assertEquals(18_000, EnvironmentSettings.forEvaluation(Settings.defaults()).maxFramesPerEpisode());
    }

    @Test
    void anAgentStepPlaysFrameSkipFrames() {
        try (AleEnvironment env = breakout(NATURE, 2)) {
            int noops = env.reset();
            byte[] before = env.observation().clone();
            StepOutcome outcome = env.step(1);
            assertEquals(4, outcome.frames());
            assertEquals(noops + 4, env.episodeFrames());
            for (int i = 0; i < 20; i++) {
                env.step(2);
            }
            assertFalse(java.util.Arrays.equals(before, env.observation()), "the paddle should have moved");
        }
    }

    @Test
    void aDifferentSeedWithStickyActionsStillReproduces() throws Exception {
        EnvironmentSettings sticky = new EnvironmentSettings(4, true, 30, 0.25, 108_000);
        byte[] a;
        byte[] b;
        try (AleEnvironment env = breakout(sticky, 9)) {
            env.reset();
            for (int i = 0; i < 200; i++) {
                env.step(i % 4);
            }
            a = env.observation().clone();
        }
        try (AleEnvironment env = breakout(sticky, 9)) {
            env.reset();
            for (int i = 0; i < 200; i++) {
                env.step(i % 4);
            }
            b = env.observation().clone();
        }
        assertArrayEquals(a, b);
    }
}
