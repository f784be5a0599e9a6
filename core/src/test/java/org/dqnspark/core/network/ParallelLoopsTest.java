package org.dqnspark.core.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class ParallelLoopsTest {
    @AfterEach
    void followNd4jAgain() {
        ParallelLoops.setThreads(0);
    }

    private static Set<Thread> runCounting(int n, AtomicIntegerArray visits) {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        ParallelLoops.forRange(n, 1, (from, to) -> {
            threads.add(Thread.currentThread());
            for (int i = from; i < to; i++) {
                visits.incrementAndGet(i);
            }
        });
        return threads;
    }

    @Test
    void everyIndexRunsExactlyOnceOnAtMostTheSetNumberOfThreads() {
        ParallelLoops.setThreads(3);
        AtomicIntegerArray visits = new AtomicIntegerArray(1000);

        Set<Thread> threads = runCounting(1000, visits);

        for (int i = 0; i < 1000; i++) {
            assertEquals(1, visits.get(i), "index " + i);
        }
        assertTrue(threads.size() <= 3, threads.size() + " threads");
        assertTrue(threads.contains(Thread.currentThread()));
    }

    @Test
    void oneThreadRunsTheLoopOnTheCaller() {
        ParallelLoops.setThreads(1);

        Set<Thread> threads = runCounting(1000, new AtomicIntegerArray(1000));

        assertEquals(Set.of(Thread.currentThread()), threads);
    }

    @Test
    void byDefaultLoopsUseAsManyThreadsAsNd4j() {
        assertEquals(Math.max(1, Nd4j.getEnvironment().maxThreads()), ParallelLoops.threads());
    }
}
