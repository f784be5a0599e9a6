package org.dqnspark.evaluator;

import java.util.Arrays;
import java.util.List;
import org.dqnspark.core.Statistics;

/**
 * The summary every Atari table reports of an evaluation: mean score with its standard deviation, the
 * spread, and how many games the frame cap cut short.
 */
public record EvaluationSummary(int games, double mean, double standardDeviation, double min, double median,
                                double max, long truncated) {
    public static EvaluationSummary of(List<GameResult> results) {
        double[] scores = results.stream().mapToDouble(GameResult::score).sorted().toArray();
        int n = scores.length;
        double mean = Arrays.stream(scores).average().orElse(Double.NaN);
        double variance = n > 1 ? Arrays.stream(scores).map(x -> (x - mean) * (x - mean)).sum() / (n - 1) : 0;
        return new EvaluationSummary(n, mean, Math.sqrt(variance), n == 0 ? Double.NaN : scores[0],
                Statistics.median(scores), n == 0 ? Double.NaN : scores[n - 1],
                results.stream().filter(GameResult::truncated).count());
    }

    /** A small table for the console. */
    public String table(String title) {
        return String.format("%s%n  %6s %10s %10s %10s %10s %10s %9s%n  %6d %10.2f %10.2f %10.2f %10.2f %10.2f %9d%n",
                title, "games", "mean", "std", "min", "median", "max", "truncated",
                games, mean, standardDeviation, min, median, max, truncated);
    }
}
