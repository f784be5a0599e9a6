package org.dqnspark.bench;

import java.util.ArrayList;
import java.util.List;
import org.dqnspark.core.Statistics;

/** How the benchmarks time one step of work: repeated, after warm-up runs that are not counted. */
final class Timings {
    private Timings() {
    }

    /** Median seconds of {@code count} runs of {@code step}, after {@code warmUps} that are not counted. */
    static double medianSeconds(int warmUps, int count, Runnable step) {
        for (int i = 0; i < warmUps; i++) {
            step.run();
        }
        List<Double> seconds = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            step.run();
            seconds.add((System.nanoTime() - start) / 1e9);
        }
        return Statistics.median(seconds);
    }
}
