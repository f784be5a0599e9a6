package org.dqnspark.trainer.replay;

import java.lang.management.ManagementFactory;
import org.dqnspark.core.UserError;

/**
 * Whether a run's replay window fits the JVM, judged before any stage starts rather than found out an hour
 * in: its full size times the bytes a transition takes in memory, plus what the rest of a train job needs
 * (Spark, the window's loading shuffle, the networks), against the heap ({@code -Xmx}).
 *
 * @param replaySize         transitions in a full window ({@code dqn.train.replay-size})
 * @param frameForm          {@code compressed} or {@code raw} ({@code dqn.train.replay-frames})
 * @param bytesPerTransition heap bytes per transition in the window: frame, index and scalars
 * @param maxHeapBytes       the JVM's heap limit
 */
public record ReplayMemoryEstimate(long replaySize, String frameForm, double bytesPerTransition, long maxHeapBytes) {
    /**
     * Heap a train job needs besides its window, from two measurements (bench/RESULTS.md, "replay memory"):
     * a raw window of 600,000 Breakout transitions (4.24 GB) died in the default heap (-Xmx8g, 8.59 GB) after
     * an hour of cycles, so the rest took more than 4.3 GB there; a compressed window of 1,000,000 (0.38 GB)
     * loads and samples in a 3 GB heap (bench/replay-memory.sh).
     */
    public static final long REST_OF_THE_JOB_BYTES = 4_500_000_000L;
    /** Index (8) and scalars (7) per transition, beside its frame. */
    private static final int PER_TRANSITION_OVERHEAD = 15;
    /**
     * An LZ4-compressed frame, before the run has frames to measure: one seventh of the raw bytes plus 64, a
     * margin over what we measured (random Breakout: 354 of 7,056 bytes; bench/RESULTS.md).
     */
    static long compressedFramePrior(int frameBytes) {
        return Math.min(frameBytes, frameBytes / 7 + 64);
    }

    /** The estimate for frames of {@code frameBytes} in {@code frameForm}, before any is measured. */
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

    public boolean fits() {
        return windowBytes() + REST_OF_THE_JOB_BYTES <= maxHeapBytes;
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
        double neededGb = (windowBytes() + REST_OF_THE_JOB_BYTES) / 1e9;
        long suggestedGb = (long) Math.ceil(neededGb * 1.1);
        String machine = physicalMemoryBytes() > 0 ? String.format(" (this machine has %.0f GB)",
                physicalMemoryBytes() / 1e9) : "";
        throw new UserError(String.format("The replay window will not fit the Java heap: %,d transitions"
                        + " (dqn.train.replay-size) x %,.0f bytes each in memory (dqn.train.replay-frames = %s) = %.1f GB,"
                        + " plus %.1f GB for the rest of the train job, is %.1f GB; the heap is %.1f GB.%n"
                        + "Lower dqn.train.replay-size to %,d or less%s, or give the JVM more:"
                        + " DQN_JAVA_OPTS=-Xmx%dg bin/dqn ...%s.", replaySize, bytesPerTransition, frameForm,
                windowBytes() / 1e9, REST_OF_THE_JOB_BYTES / 1e9, neededGb, maxHeapBytes / 1e9,
                Math.max(0, (long) ((maxHeapBytes - REST_OF_THE_JOB_BYTES) / bytesPerTransition)),
                RawFrames.NAME.equals(frameForm) ? ", set dqn.train.replay-frames = compressed" : "", suggestedGb,
                machine));
    }

    private static long physicalMemoryBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }
}
