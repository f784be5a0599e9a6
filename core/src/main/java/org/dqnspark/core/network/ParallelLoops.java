package org.dqnspark.core.network;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Java loops of the fast CPU path (im2col, centered RMSProp) split over a bounded number of threads:
 * by default as many as ND4J's own native ops use ({@code Nd4j.getEnvironment().maxThreads()}, which
 * follows OMP_NUM_THREADS and whatever a Spark task sets), so that a task given N cores uses N.
 */
public final class ParallelLoops {
    /** 0: follow ND4J's thread count. */
    private static volatile int threads;
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "dqn-parallel-loop");
        thread.setDaemon(true);
        return thread;
    });

    private ParallelLoops() {
    }

    /** Bounds the threads of every loop in this JVM; 0 goes back to following ND4J's setting. */
    public static void setThreads(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("thread count must be >= 0, got " + count);
        }
        threads = count;
    }

    /** The threads a loop uses now. */
    public static int threads() {
        int set = threads;
        return set > 0 ? set : Math.max(1, Nd4j.getEnvironment().maxThreads());
    }

    /** A body run on the index range [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over [0, n) in at most {@link #threads()} contiguous chunks of at least
     * {@code minChunk} indices, one of them on the calling thread; returns when all are done.
     */
    public static void forRange(int n, int minChunk, RangeBody body) {
        int chunks = (int) Math.min(threads(), Math.max(1, n / Math.max(1, minChunk)));
        if (chunks <= 1) {
            body.run(0, n);
            return;
        }
        List<Future<?>> others = new ArrayList<>(chunks - 1);
        for (int c = 1; c < chunks; c++) {
            int from = (int) ((long) n * c / chunks);
            int to = (int) ((long) n * (c + 1) / chunks);
            others.add(WORKERS.submit(() -> body.run(from, to)));
        }
        body.run(0, n / chunks);
        for (Future<?> other : others) {
            try {
                other.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted in a parallel loop", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a parallel loop failed", e.getCause());
            }
        }
    }
}
