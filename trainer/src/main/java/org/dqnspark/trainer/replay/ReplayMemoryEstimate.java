package org.dqnspark.trainer.replay;

import java.lang.management.ManagementFactory;
import org.dqnspark.core.UserError;

/**
 * Whether a run's replay window fits the JVM, judged before any stage starts rather than found out an hour
 * in: its full size times the bytes a transition takes in memory, against the part of the heap where Spark
 * keeps cached data safe from eviction.
 *
 * <p>Why that part: the window is a Spark cache (MEMORY_ONLY). Spark shares (heap - 300 MB) x
 * {@code spark.memory.fraction} (0.6) between execution and storage and protects only {@code
 * spark.memory.storageFraction} (0.5) of it for storage; a window larger than that is evicted by the fits'
 * execution memory and rebuilt from Parquet, or, raw, ran the heap out: a raw window of 600,000 Breakout
 * transitions (4.24 GB, over the 2.4 GB protected in the default 8 GB heap) died after an hour of cycles,
 * while a compressed window of 1,000,000 (0.38 GB) loads and samples in a 3 GB heap (0.8 GB protected;
 * bench/RESULTS.md, "replay-memory").
 *
 * @param replaySize         transitions in a full window ({@code dqn.train.replay-size})
 * @param frameForm          {@code compressed} or {@code raw} ({@code dqn.train.replay-frames})
 * @param bytesPerTransition heap bytes per transition in the window: frame, index and scalars
 * @param maxHeapBytes       the JVM's heap limit
 */
public record ReplayMemoryEstimate(long replaySize, String frameForm, double bytesPerTransition, long maxHeapBytes) {
    /** Spark's reserved system memory, outside its memory manager (UnifiedMemoryManager). */
    private static final long SPARK_RESERVED_BYTES = 300L << 20;
    /** Index (8) and scalars (7) per transition, beside its frame. */
    private static final int PER_TRANSITION_OVERHEAD = 15;

    /**
     * An LZ4-compressed frame, before the run has frames to measure: one seventh of the raw bytes plus 64, a
     * margin over what we measured (random Breakout: 354 of 7,056 bytes; bench/RESULTS.md).
     */
    static long compressedFramePrior(int frameBytes) {
        return Math.min(frameBytes, frameBytes / 7 + 64);
    }

    /** The estimate for frames of {@code frameBytes} in {@code frameForm} in this JVM, before any is measured. */
    public static ReplayMemoryEstimate of(long replaySize, String frameForm, int frameBytes) {
        return of(replaySize, frameForm, frameBytes, Runtime.getRuntime().maxMemory());
    }

    /** As {@link #of(long, String, int)} against a heap of {@code maxHeapBytes}. */
    static ReplayMemoryEstimate of(long replaySize, String frameForm, int frameBytes, long maxHeapBytes) {
        long frame = RawFrames.NAME.equals(frameForm) ? frameBytes : compressedFramePrior(frameBytes);
        return new ReplayMemoryEstimate(replaySize, frameForm, frame + PER_TRANSITION_OVERHEAD, maxHeapBytes);
    }

    public double windowBytes() {
        return replaySize * bytesPerTransition;
    }

    /** The heap where Spark keeps cached blocks safe from eviction, under this JVM's Spark memory settings. */
    public double protectedStorageBytes() {
        return protectedStorageBytes(maxHeapBytes);
    }

    private static double protectedStorageBytes(double heapBytes) {
        return Math.max(0, heapBytes - SPARK_RESERVED_BYTES) * sparkSetting("spark.memory.fraction", 0.6)
                * sparkSetting("spark.memory.storageFraction", 0.5);
    }

    private static double sparkSetting(String key, double fallback) {
        return Double.parseDouble(System.getProperty(key, String.valueOf(fallback)));
    }

    public boolean fits() {
        return windowBytes() <= protectedStorageBytes();
    }

    /**
     * Stops the command when the window cannot fit, with the numbers and what to change.
     *
     * @throws UserError when it does not fit
     */
    public void check() {
        if (fits()) {
            return;
        }
        double neededHeap = windowBytes() / protectedStorageBytes(1.0) + SPARK_RESERVED_BYTES;
        String machine = physicalMemoryBytes() > 0 ? String.format(" (this machine has %.0f GB)",
                physicalMemoryBytes() / 1e9) : "";
        throw new UserError(String.format("The replay window will not fit the Java heap: %,d transitions"
                        + " (dqn.train.replay-size) x %,.0f bytes each in memory (dqn.train.replay-frames = %s) ="
                        + " %.2f GB, but Spark keeps only %.2f GB of cached data safe from eviction in this %.1f GB"
                        + " heap (30%% of it, less 300 MB: spark.memory.fraction x spark.memory.storageFraction).%n"
                        + "Lower dqn.train.replay-size to %,d or less%s, or give the JVM more: DQN_JAVA_OPTS=-Xmx%dg"
                        + " bin/dqn ...%s.", replaySize, bytesPerTransition, frameForm, windowBytes() / 1e9,
                protectedStorageBytes() / 1e9, maxHeapBytes / 1e9,
                (long) (protectedStorageBytes() / bytesPerTransition),
                RawFrames.NAME.equals(frameForm) ? ", set dqn.train.replay-frames = compressed" : "",
                (long) Math.ceil(neededHeap / (1L << 30)), machine));
    }

    private static long physicalMemoryBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }
}
