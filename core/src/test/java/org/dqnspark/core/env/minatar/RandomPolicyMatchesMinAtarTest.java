package org.dqnspark.core.env.minatar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Where a game draws at random our generator cannot replay MinAtar's, so the games are compared in
 * distribution: a uniform random policy (minimal action set, sticky actions 0.1, no cap) should score and
 * last on average what it does in MinAtar's own code. Reference figures: MinAtar 1.0.15 (commit 4241f24),
 * {@code Environment(game, sticky_action_prob=0.1)}, seed 1234, actions {@code
 * minimal_action_set()[randint(n)]} from a second RandomState, mean and standard error over the episodes
 * given. The margin is four combined standard errors: a faithful port lands outside it with probability
 * about 1/16,000 per comparison. Our seeds are fixed, so the test itself always gives the same answer.
 */
class RandomPolicyMatchesMinAtarTest {

    /** Plays {@code episodes} of ours and compares with MinAtar's figures. */
    private static void assertMatches(String game, int episodes, double referenceReturn, double referenceReturnError,
                                      double referenceLength, double referenceLengthError) {
        MinAtarRandomBaseline.Episodes ours = MinAtarRandomBaseline.randomEpisodes(game, 21, 22, episodes);
        assertEquals(referenceReturn, ours.meanReturn(),
                4 * Math.hypot(referenceReturnError, ours.returnError()), game + " mean return");
        assertEquals(referenceLength, ours.meanLength(),
                4 * Math.hypot(referenceLengthError, ours.lengthError()), game + " mean episode length");
    }

    @Test
    void asterixScoresAndLastsAsInMinAtar() {
        // MinAtar, 30,000 episodes.
        assertMatches("asterix", 10_000, 0.5041, 0.0050, 66.48, 0.24);
    }

    @Test
    void breakoutScoresAndLastsAsInMinAtar() {
        // MinAtar, 30,000 episodes.
        assertMatches("breakout", 30_000, 0.3862, 0.0037, 9.94, 0.04);
    }

    @Test
    void freewayScoresAsInMinAtar() {
        // MinAtar, 1,500 episodes; every episode lasts 2,501 frames.
        assertMatches("freeway", 600, 0.3853, 0.0163, 2501, 0);
    }

    @Test
    void seaquestScoresAndLastsAsInMinAtar() {
        // MinAtar, 10,000 episodes.
        assertMatches("seaquest", 5_000, 0.1025, 0.0039, 30.56, 0.37);
    }

    @Test
    void spaceInvadersScoresAndLastsAsInMinAtar() {
        // MinAtar, 20,000 episodes.
        assertMatches("space_invaders", 2_000, 4.0819, 0.0228, 58.71, 0.32);
    }
}
