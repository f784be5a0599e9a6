package org.dqnspark.core.env.minatar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dqnspark.core.env.FrameShape;
import org.dqnspark.core.env.StepOutcome;
import org.junit.jupiter.api.Test;

/** What every MinAtar game shares: names, frames, action sets, seeding, sticky actions, the episode cap. */
class MinAtarEnvironmentTest {
    private static final int NO_CAP = Integer.MAX_VALUE;

    @Test
    void theFiveGamesAreNamedAsInMinAtarAndRecordedWithAPrefix() {
        assertEquals(List.of("asterix", "breakout", "freeway", "seaquest", "space_invaders"), MinAtarEnvironment.GAMES);
        for (String game : MinAtarEnvironment.GAMES) {
            try (MinAtarEnvironment env = MinAtarEnvironment.open(game, 1, 0.1, NO_CAP)) {
                assertEquals("minatar:" + game, env.game());
            }
        }
    }

    @Test
    void anUnknownGameIsRejectedNamingTheFive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MinAtarEnvironment.open("pong", 1, 0.1, NO_CAP));
        for (String game : MinAtarEnvironment.GAMES) {
            assertTrue(e.getMessage().contains(game), e.getMessage());
        }
        assertTrue(e.getMessage().contains("pong"), e.getMessage());
    }

    @Test
    void settingsOutOfRangeAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> MinAtarEnvironment.open("breakout", 1, -0.1, NO_CAP));
        assertThrows(IllegalArgumentException.class, () -> MinAtarEnvironment.open("breakout", 1, 1.5, NO_CAP));
        assertThrows(IllegalArgumentException.class, () -> MinAtarEnvironment.open("breakout", 1, Double.NaN, NO_CAP));
        assertThrows(IllegalArgumentException.class, () -> MinAtarEnvironment.open("breakout", 1, 0.1, 0));
    }

    @Test
    void framesHaveOneTenByTenChannelPerObjectKindInMinAtarsOrder() {
        Map<String, List<String>> channels = Map.of(
                "asterix", List.of("player", "enemy", "trail", "gold"),
                "breakout", List.of("paddle", "ball", "trail", "brick"),
                "freeway", List.of("chicken", "car", "speed1", "speed2", "speed3", "speed4", "speed5"),
                "seaquest", List.of("sub_front", "sub_back", "friendly_bullet", "trail", "enemy_bullet", "enemy_fish",
                        "enemy_sub", "oxygen_guage", "diver_guage", "diver"),
                "space_invaders", List.of("cannon", "alien", "alien_left", "alien_right", "friendly_bullet",
                        "enemy_bullet"));
        for (String game : MinAtarEnvironment.GAMES) {
            try (MinAtarEnvironment env = MinAtarEnvironment.open(game, 1, 0.1, NO_CAP)) {
                assertEquals(channels.get(game), env.channelNames(), game);
                assertEquals(new FrameShape(channels.get(game).size(), 10, 10), env.frameShape(), game);
                env.reset();
                assertEquals(env.frameBytes(), env.observation().length, game);
            }
        }
    }

    @Test
    void everyCellIsZeroOrTwoHundredFiftyFive() {
        SplittableRandom policy = new SplittableRandom(5);
        for (String game : MinAtarEnvironment.GAMES) {
            try (MinAtarEnvironment env = MinAtarEnvironment.open(game, 2, 0.1, NO_CAP)) {
                env.reset();
                int on = 0;
                for (int step = 0; step < 2_000; step++) {
                    if (env.step(policy.nextInt(env.actionCount())).episodeEnded()) {
                        env.reset();
                    }
                    for (byte b : env.observation()) {
                        if (b != 0 && b != (byte) 255) {
                            fail(game + " has a cell of " + (b & 0xff));
                        }
                        on += b == 0 ? 0 : 1;
                    }
                }
                assertTrue(on > 2_000, game + " shows almost nothing: " + on + " cells on in 2000 frames");
            }
        }
    }

    @Test
    void theAgentChoosesFromMinAtarsMinimalActionSets() {
        // MinAtar's indices in its full set n, l, u, r, d, f.
        Map<String, int[]> minimal = Map.of(
                "asterix", new int[] {0, 1, 2, 3, 4},
                "breakout", new int[] {0, 1, 3},
                "freeway", new int[] {0, 2, 4},
                "seaquest", new int[] {0, 1, 2, 3, 4, 5},
                "space_invaders", new int[] {0, 1, 3, 5});
        for (String game : MinAtarEnvironment.GAMES) {
            try (MinAtarEnvironment env = MinAtarEnvironment.open(game, 1, 0.1, NO_CAP)) {
                int[] actions = new int[env.actionCount()];
                Arrays.setAll(actions, env::nativeAction);
                assertArrayEquals(minimal.get(game), actions, game);
            }
        }
    }

    @Test
    void aStepIsOneFrameAndThereAreNoNoOpStartsNoLivesNoLifeLoss() {
        try (MinAtarEnvironment env = MinAtarEnvironment.open("space_invaders", 1, 0.1, NO_CAP)) {
            assertEquals(0, env.reset());
            assertEquals(0, env.episodeFrames());
            assertEquals(0, env.lives());
            for (int step = 1; step <= 5; step++) {
                StepOutcome outcome = env.step(0);
                assertEquals(1, outcome.frames());
                assertFalse(outcome.lifeLost());
                assertEquals(step, env.episodeFrames());
                assertEquals(0, env.lives());
            }
            assertEquals(0, env.reset());
            assertEquals(0, env.episodeFrames());
        }
    }

    /** The MD5 of every observation, and every outcome, of a seeded random policy's steps, resets included. */
    private static List<String> play(String game, long seed, double sticky, int steps) throws Exception {
        List<String> trace = new ArrayList<>();
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        HexFormat hex = HexFormat.of();
        SplittableRandom policy = new SplittableRandom(42);
        try (MinAtarEnvironment env = MinAtarEnvironment.open(game, seed, sticky, NO_CAP)) {
            env.reset();
            trace.add(hex.formatHex(md5.digest(env.observation())));
            for (int i = 0; i < steps; i++) {
                StepOutcome outcome = env.step(policy.nextInt(env.actionCount()));
                trace.add(hex.formatHex(md5.digest(env.observation())) + " " + outcome);
                if (outcome.episodeEnded()) {
                    env.reset();
                    trace.add("reset " + hex.formatHex(md5.digest(env.observation())));
                }
            }
        }
        return trace;
    }

    @Test
    void theSameSeedPlaysTheSameFrames() throws Exception {
        for (String game : MinAtarEnvironment.GAMES) {
            assertEquals(play(game, 7, 0.1, 3_000), play(game, 7, 0.1, 3_000), game);
        }
    }

    @Test
    void gamesPlayedAtOnceOnOtherThreadsPlayAsEachPlayedAlone() throws Exception {
        // As the tasks of an executor play theirs: environments stepping at the same time in one JVM share nothing.
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            Map<String, List<Future<List<String>>>> together = new LinkedHashMap<>();
            for (String game : MinAtarEnvironment.GAMES) {
                for (int copy = 0; copy < 2; copy++) {
                    together.computeIfAbsent(game, g -> new ArrayList<>())
                            .add(threads.submit(() -> play(game, 7, 0.1, 3_000)));
                }
            }
            for (String game : MinAtarEnvironment.GAMES) {
                List<String> alone = play(game, 7, 0.1, 3_000);
                for (Future<List<String>> played : together.get(game)) {
                    assertEquals(alone, played.get(), game);
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void anotherSeedPlaysOtherFramesWhereTheGameDrawsAtRandom() throws Exception {
        // Without sticky actions only the game's own randomness differs between seeds.
        for (String game : List.of("asterix", "breakout", "freeway", "seaquest")) {
            assertNotEquals(play(game, 7, 0, 3_000), play(game, 8, 0, 3_000), game);
        }
        // Space Invaders draws nothing at random: only sticky actions make seeds differ.
        assertEquals(play("space_invaders", 7, 0, 3_000), play("space_invaders", 8, 0, 3_000));
        assertNotEquals(play("space_invaders", 7, 0.1, 3_000), play("space_invaders", 8, 0.1, 3_000));
    }

    /** The fraction of steps on which the game repeated its last action instead of a different one chosen. */
    private static double measuredStickiness(double probability, int steps) {
        SplittableRandom policy = new SplittableRandom(11);
        int repeated = 0;
        try (MinAtarEnvironment env = MinAtarEnvironment.open("seaquest", 3, probability, NO_CAP)) {
            env.reset();
            for (int i = 0; i < steps; i++) {
                int previous = env.lastPlayedAction();
                // Choose one of the five actions that differ from the one played last (Seaquest uses all six).
                int chosen = (previous + 1 + policy.nextInt(5)) % 6;
                StepOutcome outcome = env.step(Frames.index(env, chosen));
                repeated += env.lastPlayedAction() == previous ? 1 : 0;
                if (outcome.episodeEnded()) {
                    env.reset();
                }
            }
        }
        return (double) repeated / steps;
    }

    @Test
    void stickyActionsRepeatThePreviousActionAtTheSetProbability() {
        int steps = 40_000;
        for (double p : new double[] {0.1, 0.25}) {
            // Five standard errors of a binomial proportion: a correct implementation fails once in ~2 million.
            double margin = 5 * Math.sqrt(p * (1 - p) / steps);
            double measured = measuredStickiness(p, steps);
            assertEquals(p, measured, margin, "sticky probability " + p + " measured " + measured);
        }
        assertEquals(0.0, measuredStickiness(0, 5_000));
        assertEquals(1.0, measuredStickiness(1, 5_000));
    }

    @Test
    void aStuckActionIsWhatTheGamePlays() {
        // With probability 1 the game repeats its first action, a no-op, forever: the paddle never moves.
        try (MinAtarEnvironment env = MinAtarEnvironment.open("breakout", 1, 1.0, NO_CAP)) {
            env.reset();
            int left = Frames.index(env, MinAtarGame.LEFT);
            for (int i = 0; i < 3; i++) {
                env.step(left);
                assertTrue(Frames.on(env, Breakout.PADDLE, 9, 4));
            }
        }
        try (MinAtarEnvironment env = MinAtarEnvironment.open("breakout", 1, 0.0, NO_CAP)) {
            env.reset();
            env.step(Frames.index(env, MinAtarGame.LEFT));
            assertTrue(Frames.on(env, Breakout.PADDLE, 9, 3));
        }
    }

    @Test
    void anEpisodeReachingTheCapIsTruncatedNotOver() {
        try (MinAtarEnvironment env = MinAtarEnvironment.open("freeway", 1, 0.1, 100)) {
            env.reset();
            for (int step = 1; step < 100; step++) {
                assertFalse(env.step(0).episodeEnded(), "step " + step);
            }
            StepOutcome last = env.step(0);
            assertTrue(last.truncated());
            assertFalse(last.gameOver());
            env.reset();
            assertFalse(env.step(0).episodeEnded(), "a reset starts the count again");
        }
    }

    @Test
    void aGameEndingAtTheCapIsOverNotTruncated() {
        // Freeway ends by itself on its 2501st frame (MinAtar counts down 2500 and stops below zero).
        try (MinAtarEnvironment env = MinAtarEnvironment.open("freeway", 1, 0.1, Freeway.TIME_LIMIT + 1)) {
            env.reset();
            StepOutcome outcome = null;
            for (int step = 1; step <= Freeway.TIME_LIMIT + 1; step++) {
                outcome = env.step(0);
            }
            assertTrue(outcome.gameOver());
            assertFalse(outcome.truncated());
        }
    }
}
