package org.dqnspark.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.FrameShape;
import org.dqnspark.core.env.RomFile;
import org.dqnspark.core.network.StateShape;
import org.dqnspark.core.spark.SparkSessions;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.core.store.StoreTables;
import org.dqnspark.trainer.replay.MinibatchSampler;
import org.dqnspark.trainer.replay.ReplayBuffer;
import org.dqnspark.trainer.replay.ReplayWindow;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * bench/replay-memory.sh: the train job's replay window of real Breakout play at full size, its frames
 * compressed (the default) against raw, side by side on a smaller window of the same run: bytes per
 * transition in memory, the time to load the window, the time to assemble a minibatch, the heap and the
 * process's resident memory.
 */
@Command(name = "ReplayMemoryBenchmark", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "The replay window's memory and sampling cost, compressed and raw.")
public final class ReplayMemoryBenchmark implements Callable<Integer> {
    private static final String RUN = "breakout";
    private static final int BATCH = 32;
    private static final FrameShape ATARI = FrameShape.ATARI;
    private static final StateShape STATE = new StateShape(ATARI, 4);

    @Parameters(index = "0", paramLabel = "ROM")
    Path rom;
    @Parameters(index = "1", paramLabel = "STORE_DIR",
            description = "The store of the bench's run; kept between runs, it collects only what is missing.")
    Path store;
    @Option(names = "--transitions", defaultValue = "1000000", description = "The full window: Nature's replay size.")
    int transitions;
    @Option(names = "--side-by-side", defaultValue = "100000",
            description = "The window on which compressed and raw frames are compared (raw must fit the heap).")
    int sideBySide;
    @Option(names = "--minibatches", defaultValue = "3000", description = "Minibatches timed per partition.")
    int minibatches;

    /** One window's measurements. */
    record Window(String form, long size, double bytesPerTransition, double loadSeconds, double sampleMs,
                  double statesMs, double heapGb, double heapPeakGb, double rssGb) {
        void print() {
            System.out.printf("  %-10s %,9d transitions: %,7.0f bytes/transition in memory, load %6.1f s,"
                            + " minibatch %.3f ms (states alone %.3f ms), heap %.2f GB (peak %.2f), RSS %.2f GB%n",
                    form, size, bytesPerTransition, loadSeconds, sampleMs, statesMs, heapGb, heapPeakGb, rssGb);
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ReplayMemoryBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        SparkSession spark = SparkSessions.create("bench replay memory", "local[2]");
        RunLayout run = RunLayout.of(store.toString(), RUN);
        long have = StoreTables.agentSteps(spark, new RunStore(run, spark.sparkContext().hadoopConfiguration()));
        if (have < transitions) {
            System.out.printf("collecting %,d random Breakout agent steps into %s (it has %,d)%n", transitions - have,
                    run.runDir(), have);
            BenchJobs.randomCollect(spark, RomFile.load(rom), store, RUN, Settings.withOverrides(List.of(
                    "dqn.collect.agent-steps=" + (transitions - have), "dqn.collect.progress-interval=1h")));
        }
        List<byte[]> frames = spark.read().parquet(run.transitions().toString()).select("frame").limit(20_000)
                .collectAsList().stream().map(row -> (byte[]) row.get(0)).toList();
        FrameCodecs.compare(frames, ATARI.bytes());
        System.out.printf("side by side, the newest %,d transitions:%n", sideBySide);
        Window raw = measure(spark, run, sideBySide, "raw");
        raw.print();
        Window small = measure(spark, run, sideBySide, "compressed");
        small.print();
        System.out.printf("full size, the newest %,d transitions:%n", transitions);
        Window full = measure(spark, run, transitions, "compressed");
        full.print();
        double rawFloorGb = (double) transitions * ATARI.bytes() / 1e9;
        System.out.printf("raw frames of %,d transitions alone: %.2f GB; compressed, the whole window: %.2f GB"
                + " (%.1fx less)%n", transitions, rawFloorGb, full.bytesPerTransition() * transitions / 1e9,
                raw.bytesPerTransition() / small.bytesPerTransition());
        spark.stop();
        System.out.printf("bytes_per_transition_in_memory=%.0f window_load_s=%.1f sample_ms_per_minibatch=%.3f"
                        + " heap_used_gb=%.2f heap_peak_gb=%.2f rss_gb=%.2f raw_floor_gb=%.2f raw_bytes_per_transition=%.0f"
                        + " compression_ratio=%.1f sample_ratio_compressed_to_raw=%.2f states_ms_compressed=%.3f"
                        + " states_ms_raw=%.3f%n", full.bytesPerTransition(), full.loadSeconds(), full.sampleMs(),
                full.heapGb(), full.heapPeakGb(), full.rssGb(), rawFloorGb, raw.bytesPerTransition(),
                raw.bytesPerTransition() / small.bytesPerTransition(), small.sampleMs() / raw.sampleMs(),
                small.statesMs(), raw.statesMs());
        return 0;
    }

    private Window measure(SparkSession spark, RunLayout run, int size, String form) throws IOException {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        ReplayWindow window = ReplayWindow.load(spark, run, size, form, ATARI.bytes(), STATE.historyLength(),
                spark.sparkContext().defaultParallelism());
        double loadSeconds = (System.nanoTime() - start) / 1e9;
        double heapPeakGb = heapPeakBytes() / 1e9;
        System.gc();
        double heapGb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e9;
        double rssGb = residentBytes() / 1e9;
        double[] times = sampleMilliseconds(window.buffers(), minibatches);
        window.release();
        return new Window(form, window.size(), (double) window.bytesInMemory() / window.size(), loadSeconds,
                times[0], times[1], heapGb, heapPeakGb, rssGb);
    }

    /**
     * Milliseconds per minibatch of {@value #BATCH}, each partition drawing on its own core as the train job's
     * sampling does: assembled as the learner gets it (states as network input) and the states alone.
     */
    private static double[] sampleMilliseconds(JavaRDD<ReplayBuffer> buffers, int minibatches) {
        List<double[]> perPartition = buffers.map(buffer -> {
            MinibatchSampler sampler = new MinibatchSampler(buffer, STATE, CNN2DFormat.NHWC, true, 1);
            for (int i = 0; i < minibatches / 10; i++) {
                sampler.next(BATCH);
            }
            long start = System.nanoTime();
            for (int i = 0; i < minibatches; i++) {
                sampler.next(BATCH);
            }
            double sampleMs = (System.nanoTime() - start) / 1e6 / minibatches;
            java.util.SplittableRandom random = new java.util.SplittableRandom(2);
            byte[] before = new byte[BATCH * STATE.bytes()];
            byte[] after = new byte[BATCH * STATE.bytes()];
            start = System.nanoTime();
            for (int i = 0; i < minibatches; i++) {
                for (int j = 0; j < BATCH; j++) {
                    buffer.statesAround(buffer.sampleValidIndex(random), before, j * STATE.bytes(), after,
                            j * STATE.bytes());
                }
            }
            return new double[] {sampleMs, (System.nanoTime() - start) / 1e6 / minibatches};
        }).collect();
        return new double[] {perPartition.stream().mapToDouble(t -> t[0]).average().orElse(Double.NaN),
            perPartition.stream().mapToDouble(t -> t[1]).average().orElse(Double.NaN)};
    }

    private static long heapPeakBytes() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    /** The process's resident set (VmRSS of /proc/self/status): heap, native memory and code. */
    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return 1024 * Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
