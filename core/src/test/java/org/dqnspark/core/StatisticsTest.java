package org.dqnspark.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatisticsTest {
    @Test
    void anOddCountHasItsMiddleValue() {
        assertEquals(3.0, Statistics.median(5, 1, 3));
    }

    @Test
    void anEvenCountHasTheMeanOfItsTwoMiddleValues() {
        assertEquals(2.5, Statistics.median(4, 1, 3, 2));
        assertEquals(2.5, Statistics.median(List.of(4.0, 1.0, 3.0, 2.0)));
    }

    @Test
    void noValuesHaveNoMedian() {
        assertEquals(Double.NaN, Statistics.median());
    }

    @Test
    void aColumnOfRecordsIsTakenByItsAccessor() {
        record Round(double fps) {
        }
        assertEquals(20.0, Statistics.median(List.of(new Round(30), new Round(10), new Round(20)), Round::fps));
    }

    @Test
    void theValuesAreLeftInTheirOrder() {
        double[] values = {3, 1, 2};
        Statistics.median(values);
        assertArrayEquals(new double[] {3, 1, 2}, values);
    }
}
