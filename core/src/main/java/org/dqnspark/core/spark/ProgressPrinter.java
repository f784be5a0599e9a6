package org.dqnspark.core.spark;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleConsumer;

/**
 * Prints a progress line at a fixed interval while a long Spark stage runs on the driver (the numbers
 * usually come from {@link TaskCounters}). Closing it stops the lines.
 */
public final class ProgressPrinter implements AutoCloseable {
    private final ScheduledExecutorService timer;

    private ProgressPrinter(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /**
     * Calls {@code line} with the seconds since now, every {@code interval}, on a daemon thread named
     * {@code threadName}, until closed.
     */
    public static ProgressPrinter every(Duration interval, String threadName, DoubleConsumer line) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        long start = System.nanoTime();
        long millis = interval.toMillis();
        timer.scheduleAtFixedRate(() -> line.accept((System.nanoTime() - start) / 1e9), millis, millis,
                TimeUnit.MILLISECONDS);
        return new ProgressPrinter(timer);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
