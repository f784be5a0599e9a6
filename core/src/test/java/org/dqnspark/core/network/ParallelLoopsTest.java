package org.dqnspark.core.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** ParallelLoops against the same loops written out plainly, on one thread. */
class ParallelLoopsTest {
    @AfterEach
    void followNd4jAgain() {
        ParallelLoops.setThreads(0);
    }

    /** 0, 1, 2, ... scrambled a little, so that a chunk summed twice or skipped shows in the total. */
    private static long[] values(int n) {
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = (i * 7919L) % 1009 + i;
        }
        return values;
    }

    /** The total of {@code values}, one chunk per call of the body, partial sums added up at the end. */
    private static long parallelSum(long[] values, int minChunk) {
        AtomicLong total = new AtomicLong();
        ParallelLoops.forRange(values.length, minChunk, (from, to) -> {
            long partial = 0;
            for (int i = from; i < to; i++) {
                partial += values[i];
            }
            total.addAndGet(partial);
        });
        return total.get();
    }

    private static long plainSum(long[] values) {
        long sum = 0;
        for (long value : values) {
            sum += value;
        }
        return sum;
    }

    /** The [from, to) ranges the body was called with, in index order. */
    private static List<int[]> ranges(int n, int minChunk) {
        List<int[]> ranges = new CopyOnWriteArrayList<>();
        ParallelLoops.forRange(n, minChunk, (from, to) -> ranges.add(new int[] {from, to}));
        List<int[]> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingInt(r -> r[0]));
        return sorted;
    }

    @Test
    void aSumOverChunksEqualsThePlainSumForAnyLengthAndThreadCount() {
        for (int threads : new int[] {1, 2, 3, 7}) {
            ParallelLoops.setThreads(threads);
            for (int n : new int[] {0, 1, 2, 5, 999, 1000, 1001, 100_003}) {
                for (int minChunk : new int[] {1, 16, 4096}) {
                    long[] values = values(n);
                    assertEquals(plainSum(values), parallelSum(values, minChunk),
                            n + " values, " + threads + " threads, chunks of at least " + minChunk);
                }
            }
        }
    }

    @Test
    void anElementwiseLoopWritesWhatThePlainLoopWrites() {
        ParallelLoops.setThreads(3);
        int n = 10_007;
        float[] a = new float[n];
        float[] b = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = i * 0.5f;
            b[i] = n - i;
        }
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) {
            expected[i] = a[i] * a[i] + b[i];
        }

        float[] actual = new float[n];
        ParallelLoops.forRange(n, 100, (from, to) -> {
            for (int i = from; i < to; i++) {
                actual[i] = a[i] * a[i] + b[i];
            }
        });

        assertArrayEquals(expected, actual);
    }

    @Test
    void everyIndexRunsExactlyOnceOnAtMostTheSetNumberOfThreads() {
        ParallelLoops.setThreads(3);
        AtomicIntegerArray visits = new AtomicIntegerArray(1000);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();

        ParallelLoops.forRange(1000, 1, (from, to) -> {
            threads.add(Thread.currentThread());
            for (int i = from; i < to; i++) {
                visits.incrementAndGet(i);
            }
        });

        for (int i = 0; i < 1000; i++) {
            assertEquals(1, visits.get(i), "index " + i);
        }
        assertTrue(threads.size() <= 3, threads.size() + " threads");
        assertTrue(threads.contains(Thread.currentThread()), "one chunk runs on the caller");
    }

    @Test
    void chunksAreContiguousAtMostOnePerThreadAndNoSmallerThanAsked() {
        ParallelLoops.setThreads(4);
        // 1,000 indices in chunks of at least 300: three chunks, not four.
        List<int[]> chunks = ranges(1000, 300);
        assertEquals(3, chunks.size());
        int next = 0;
        for (int[] chunk : chunks) {
            assertEquals(next, chunk[0], "the chunks follow each other without gap or overlap");
            assertTrue(chunk[1] - chunk[0] >= 300, "a chunk of " + (chunk[1] - chunk[0]));
            next = chunk[1];
        }
        assertEquals(1000, next);

        // Fewer indices than one chunk: one call over all of them.
        assertArrayEquals(new int[] {0, 10}, ranges(10, 300).get(0));
        assertEquals(1, ranges(10, 300).size());
        // As many chunks as threads when there is work enough.
        assertEquals(4, ranges(1000, 1).size());
    }

    @Test
    void oneThreadRunsTheLoopOnTheCaller() {
        ParallelLoops.setThreads(1);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();

        ParallelLoops.forRange(1000, 1, (from, to) -> threads.add(Thread.currentThread()));

        assertEquals(Set.of(Thread.currentThread()), threads);
    }

    @Test
    void byDefaultALoopSplitsIntoAsManyChunksAsNd4jHasThreads() {
        // libnd4j M2.1 fixes its thread count at start-up (setMaxThreads is ignored), so the test reads it.
        int nd4j = Nd4j.getEnvironment().maxThreads();
        assertEquals(nd4j, ranges(1000, 1).size());
        ParallelLoops.setThreads(nd4j + 1);
        assertEquals(nd4j + 1, ranges(1000, 1).size(), "a count set here wins over ND4J's");
        ParallelLoops.setThreads(0);
        assertEquals(nd4j, ranges(1000, 1).size(), "0 follows ND4J again");
    }

    @Test
    void aNegativeThreadCountIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ParallelLoops.setThreads(-1));
    }
}
