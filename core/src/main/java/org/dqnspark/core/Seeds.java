package org.dqnspark.core;

/**
 * Seeds derived from a base seed and a path of indices (iteration, actor, game, ...), so that every
 * actor gets its own well-mixed stream and the same base seed always gives the same streams.
 * SplitMix64's finaliser (Steele, Lea and Flood 2014) mixes each part in.
 */
public final class Seeds {
    private Seeds() {
    }

    public static long derive(long base, long... path) {
        long seed = mix(base);
        for (long part : path) {
            seed = mix(seed ^ mix(part + 0x9E3779B97F4A7C15L));
        }
        return seed;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
