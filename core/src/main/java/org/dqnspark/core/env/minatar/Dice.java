package org.dqnspark.core.env.minatar;

import java.util.SplittableRandom;

/**
 * Where a game's random events come from, in the two kinds of draw MinAtar's code makes on its numpy
 * {@code RandomState}: {@code rand()} and {@code randint(n)}. One Dice serves the game and the sticky
 * actions of an environment, as one RandomState does in MinAtar.
 */
interface Dice {
    /** Uniform in [0, 1), as {@code rand()}. */
    double uniform();

    /** Uniform in 0 .. n - 1, as {@code randint(n)}. */
    int below(int n);

    /** The dice of a seeded environment. */
    static Dice seeded(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return new Dice() {
            @Override
            public double uniform() {
                return random.nextDouble();
            }

            @Override
            public int below(int n) {
                return random.nextInt(n);
            }
        };
    }
}
