package org.dqnspark.core;

import java.util.Arrays;
import java.util.Collection;
import java.util.function.ToDoubleFunction;

/**
 * The median, in one place: of an evaluation's scores (the evaluator's summary) and of a benchmark's
 * rounds (bench/), where it rides out a round that the machine's other work slowed.
 */
public final class Statistics {
    private Statistics() {
    }

    /** The middle one of {@code values}, or the mean of the two middle ones for an even count; NaN for none. */
    public static double median(double... values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    public static double median(Collection<Double> values) {
        return median(values, Double::doubleValue);
    }

    /** The median of {@code value} over {@code items}: one column of a benchmark's rounds, say. */
    public static <T> double median(Collection<T> items, ToDoubleFunction<? super T> value) {
        return median(items.stream().mapToDouble(value).toArray());
    }
}
