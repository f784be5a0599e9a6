package org.dqnspark.core.env.minatar;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.dqnspark.core.Statistics;
import org.dqnspark.core.env.StepOutcome;

/**
 * Measures, per game, the uniform random policy's return and episode length (the random baseline of the
 * learning benchmark) and the environment's speed on one thread. Not a test: a main in test sources.
 *
 * <pre>
 * mvn -B -o -q -pl core -am test-compile
 * java -cp core/target/classes:core/target/test-classes org.dqnspark.core.env.minatar.MinAtarRandomBaseline [episodes] [repeats] [game...]
 * </pre>
 *
 * <p>Random returns use MinAtar's default sticky probability 0.1, the minimal action set and no episode
 * cap beyond the game's own end (Freeway's 2500 frames); speeds time a random policy for about a second
 * per game, {@code repeats} times, and print the median.
 */
public final class MinAtarRandomBaseline {
    private static final int NO_CAP = Integer.MAX_VALUE;

    private MinAtarRandomBaseline() {
    }

    public static void main(String[] args) {
        int episodes = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.printf(Locale.ROOT, "%-15s %9s %8s %8s %8s %8s %12s%n",
                "game", "episodes", "return", "stderr", "length", "stderr", "steps/s");
        List<String> games = args.length > 2 ? List.of(args).subList(2, args.length) : MinAtarEnvironment.GAMES;
        for (String game : games) {
            Episodes random = randomEpisodes(game, 1, 2, episodes);
            double[] speeds = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                speeds[r] = stepsPerSecond(game, 1_000_000_000L);
            }
            System.out.printf(Locale.ROOT, "%-15s %9d %8.3f %8.3f %8.1f %8.2f %12.0f%n", game, episodes,
                    random.meanReturn(), random.returnError(), random.meanLength(), random.lengthError(),
                    Statistics.median(speeds));
        }
    }

    /** Mean return and mean length of uniform random episodes, with their standard errors. */
    record Episodes(double meanReturn, double returnError, double meanLength, double lengthError) {
    }

    static Episodes randomEpisodes(String game, long envSeed, long policySeed, int episodes) {
        SplittableRandom policy = new SplittableRandom(policySeed);
        double sum = 0;
        double sumSquares = 0;
        double lengths = 0;
        double lengthSquares = 0;
        try (MinAtarEnvironment env = MinAtarEnvironment.open(game, envSeed, 0.1, NO_CAP)) {
            for (int e = 0; e < episodes; e++) {
                env.reset();
                double ret = 0;
                StepOutcome outcome;
                do {
                    outcome = env.step(policy.nextInt(env.actionCount()));
                    ret += outcome.reward();
                } while (!outcome.episodeEnded());
                sum += ret;
                sumSquares += ret * ret;
                lengths += env.episodeFrames();
                lengthSquares += (double) env.episodeFrames() * env.episodeFrames();
            }
        }
        double meanReturn = sum / episodes;
        double meanLength = lengths / episodes;
        return new Episodes(meanReturn, standardError(sumSquares / episodes, meanReturn, episodes),
                meanLength, standardError(lengthSquares / episodes, meanLength, episodes));
    }

    private static double standardError(double meanOfSquares, double mean, int n) {
        return Math.sqrt(Math.max(0, meanOfSquares - mean * mean) / n);
    }

    /** Random-policy steps per second over about {@code nanos}, resets included. */
    static double stepsPerSecond(String game, long nanos) {
        SplittableRandom policy = new SplittableRandom(3);
        long steps = 0;
        long checksum = 0;
        try (MinAtarEnvironment env = MinAtarEnvironment.open(game, 4, 0.1, NO_CAP)) {
            long start = System.nanoTime();
            long elapsed;
            do {
                for (int i = 0; i < 10_000; i++) {
                    StepOutcome outcome = env.step(policy.nextInt(env.actionCount()));
                    checksum += env.observation()[i % env.frameBytes()];
                    if (outcome.episodeEnded()) {
                        env.reset();
                    }
                }
                steps += 10_000;
                elapsed = System.nanoTime() - start;
            } while (elapsed < nanos);
            if (checksum == Long.MIN_VALUE) {
                System.out.println(checksum);
            }
            return steps / (elapsed / 1e9);
        }
    }
}
