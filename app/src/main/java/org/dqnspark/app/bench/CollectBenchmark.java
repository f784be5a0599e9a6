package org.dqnspark.app.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.bytedeco.ale.ALEInterface;
import org.dqnspark.collector.Actor;
import org.dqnspark.collector.CollectJob;
import org.dqnspark.collector.CollectReport;
import org.dqnspark.collector.CollectRequest;
import org.dqnspark.collector.CollectSettings;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.AleEnvironment;
import org.dqnspark.core.env.EnvironmentSettings;
import org.dqnspark.core.env.RomFile;
import org.dqnspark.core.policy.PolicySpec;
import org.dqnspark.core.policy.RandomPolicy;
import org.dqnspark.core.spark.SparkSessions;
import org.dqnspark.core.store.RunLayout;

/**
 * bench/collect.sh: the collector's throughput against raw ALE, side by side in one JVM.
 *
 * <p>The definitions, kept as they are: raw ALE is one thread, no preprocessing, in frames/s;
 * the collector's throughput per core is the whole collect job's frames/s (every emulator frame its
 * actors played, no-ops included, over the job's wall time from start to commit) divided by the cores
 * it used ({@code min(K, cores)}), and collector_ratio is the one over the other.
 *
 * <p>What makes the comparison fair:
 * <ul>
 *   <li>Both sides are measured in the same JVM and run, interleaved: each round measures raw ALE right
 *       before and right after its job, and the round's ratio uses their mean, so machine drift (often
 *       25% within a minute here) hits both sides alike; the figure is the median of the rounds' ratios.
 *   <li>Raw ALE plays the same game situations as the collector: a random minimal-set action held for
 *       frame-skip frames, a reset on game over, but no screen reads, no preprocessing, no rows (and no
 *       no-op starts, a few frames per episode of hundreds).
 *   <li>Round 0 warms up the JIT (raw loop, environment, actor loop and job), the natives and Spark and
 *       is not counted; the Spark session is started once, before it, and is not part of any job. The
 *       job's own fixed costs (its second ALE for the action count, deriving the episodes table, the
 *       commit) are part of "the whole collect job" and are counted; the job's playing-and-writing
 *       stage is printed beside it.
 *   <li>The job's K actors share the machine with the Spark driver's threads, the JVM's GC and JIT
 *       threads, and, on this shared machine, with other users' processes. Each round prints the CPU
 *       time of the job's JVM split into the actors' task threads and the rest, and the load average,
 *       as evidence of how much of the K cores the actors really had. The same raw loop on K threads at
 *       once ({@code collector_ratio_vs_busy_raw}) and both sides' frames per CPU-second
 *       ({@code collector_cpu_ratio}: job frames per CPU-second of the whole JVM over raw frames per
 *       CPU-second of its thread) are printed for diagnosis; neither replaces collector_ratio.
 *   <li>With K > 1, each round also runs the same job with one actor (K times fewer steps), bracketed by
 *       raw ALE the same way: {@code collector_ratio_one_actor} is the collector's cost per core with a
 *       core to spare for the JVM's own threads and with no second emulator beside it, which separates
 *       what the collector costs from what running K emulators at once costs this machine.
 * </ul>
 * The other stages (one thread each, no Spark) locate the cost: the environment with DeepMind
 * preprocessing, and the actor loop building transitions.
 *
 * <p>Usage: CollectBenchmark ROM STORE_DIR [ROUNDS] [JOB_STEPS] [ACTORS]
 */
public final class CollectBenchmark {
    private static final long RAW_FRAMES = 40_000;
    private static final long ACTOR_STEPS = 10_000;

    public static void main(String[] args) throws Exception {
        Path romPath = Path.of(args[0]);
        Path store = Path.of(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        long jobSteps = args.length > 3 ? Long.parseLong(args[3]) : 30_000;
        int actors = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        int cores = Math.min(actors, Runtime.getRuntime().availableProcessors());

        RomFile rom = RomFile.load(romPath);
        Settings settings = Settings.load(null, List.of("dqn.collect.steps=" + jobSteps, "dqn.collect.actors=" + actors,
                "dqn.collect.progress-interval=1h"));
        Settings oneActor = Settings.load(null, List.of("dqn.collect.steps=" + jobSteps / actors, "dqn.collect.actors=1",
                "dqn.collect.progress-interval=1h"));
        EnvironmentSettings env = EnvironmentSettings.forTraining(settings);
        SparkSession spark = SparkSessions.create("bench collect", "local[" + actors + "]");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

        List<Double> raw = new ArrayList<>();
        List<Double> rawBusy = new ArrayList<>();
        List<Double> environment = new ArrayList<>();
        List<Double> actor = new ArrayList<>();
        List<Double> job = new ArrayList<>();
        List<Double> bytesPerTransition = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> cpuRatios = new ArrayList<>();
        List<Double> oneActorRatios = new ArrayList<>();
        // Round 0 warms up the JIT, the natives and Spark; it is not counted.
        for (int round = 0; round <= rounds; round++) {
            double rb = rawAleFpsOnEveryCore(rom, env.frameSkip(), cores);
            double e = environmentFps(rom, env);
            double a = actorFps(rom, env);
            // Raw ALE right before and right after the job, so machine drift (often 25% within a minute
            // here) hits both sides of the ratio alike; the round's raw speed is their mean.
            Raw rawBefore = rawAle(rom, env.frameSkip());
            String run = "bench-" + round;
            String loadBefore = loadAverage();
            CpuUse cpuBefore = CpuUse.now();
            CollectReport report = randomCollect(spark, quiet, rom, store, run, settings);
            CpuUse jobCpu = CpuUse.now().since(cpuBefore);
            String loadAfter = loadAverage();
            Raw rawAfter = rawAle(rom, env.frameSkip());
            double r = (rawBefore.fps() + rawAfter.fps()) / 2;
            double rawPerCpuSecond = (rawBefore.fpsPerCpuSecond() + rawAfter.fpsPerCpuSecond()) / 2;
            double bytes = (double) parquetBytes(store.resolve(run).resolve("transitions")) / report.steps();
            System.out.printf("round %d%s: raw ALE %,.0f fps (%,.0f per thread with %d at once) | env+preprocessing %,.0f fps | actor loop %,.0f fps"
                            + " | collect job %,.0f fps on %d actors (%,.0f per core; %.1f s, of which playing and"
                            + " writing %.1f s) | %.1f bytes/transition%n",
                    round, round == 0 ? " (warm-up)" : "", r, rb, cores, e, a, report.framesPerSecond(), actors,
                    report.framesPerSecond() / cores, report.seconds(), report.playSeconds(), bytes);
            System.out.printf("  job's JVM used %.2f cores: actor task threads %.2f, Spark driver and other Java threads"
                            + " %.2f, GC/JIT/native %.2f | job %,.0f frames per JVM CPU-second, raw %,.0f per CPU-second"
                            + " | load average %s -> %s%n",
                    jobCpu.process() / report.seconds(), jobCpu.actors() / report.seconds(),
                    jobCpu.otherJava() / report.seconds(),
                    (jobCpu.process() - jobCpu.actors() - jobCpu.otherJava()) / report.seconds(),
                    report.frames() / jobCpu.process(), rawPerCpuSecond, loadBefore, loadAfter);
            if (actors > 1) {
                Raw rawBeforeOne = rawAle(rom, env.frameSkip());
                CollectReport one = randomCollect(spark, quiet, rom, store, run + "-one-actor", oneActor);
                Raw rawAfterOne = rawAle(rom, env.frameSkip());
                double rawOne = (rawBeforeOne.fps() + rawAfterOne.fps()) / 2;
                System.out.printf("  one actor alone: collect job %,.0f fps against raw ALE %,.0f fps: %.2f of raw%n",
                        one.framesPerSecond(), rawOne, one.framesPerSecond() / rawOne);
                if (round > 0) {
                    oneActorRatios.add(one.framesPerSecond() / rawOne);
                }
            }
            if (round > 0) {
                raw.add(r);
                rawBusy.add(rb);
                environment.add(e);
                actor.add(a);
                job.add(report.framesPerSecond());
                ratios.add(report.framesPerSecond() / cores / r);
                cpuRatios.add(report.frames() / jobCpu.process() / rawPerCpuSecond);
                bytesPerTransition.add(bytes);
            }
        }
        spark.stop();

        double rawFps = median(raw);
        double jobPerCore = median(job) / cores;
        System.out.printf("%nmedians over %d rounds (%s, %,d steps per job, %d actors on %d cores):%n", rounds,
                rom.game(), jobSteps, actors, cores);
        System.out.printf("  raw ALE, one thread          %,10.0f frames/s   1.00%n", rawFps);
        System.out.printf("  raw ALE, %d threads at once   %,10.0f frames/s   %.2f of raw (per thread)%n", cores,
                median(rawBusy), median(rawBusy) / rawFps);
        System.out.printf("  environment + preprocessing  %,10.0f frames/s   %.2f of raw%n", median(environment),
                median(environment) / rawFps);
        System.out.printf("  actor loop (rows, no Spark)  %,10.0f frames/s   %.2f of raw%n", median(actor),
                median(actor) / rawFps);
        System.out.printf("  collect job, per core        %,10.0f frames/s   %.2f of raw (median of the rounds'"
                + " ratios: %.2f)%n", jobPerCore, jobPerCore / rawFps, median(ratios));
        if (actors > 1) {
            System.out.printf("  collect job, one actor alone                      %.2f of raw (median of the rounds' ratios)%n",
                    median(oneActorRatios));
        }
        System.out.printf("  bytes per transition on disk %10.1f%n", median(bytesPerTransition));
        System.out.printf("collector_ratio=%.3f bytes_per_transition=%.1f raw_fps=%.0f collector_fps=%.0f"
                        + " collector_ratio_vs_busy_raw=%.3f collector_cpu_ratio=%.3f collector_ratio_one_actor=%.3f%n",
                median(ratios), median(bytesPerTransition), rawFps, median(job), jobPerCore / median(rawBusy),
                median(cpuRatios), actors > 1 ? median(oneActorRatios) : median(ratios));
    }

    /** A collect job with the random policy into the run {@code run} of {@code store}. */
    static CollectReport randomCollect(SparkSession spark, PrintStream quiet, RomFile rom, Path store, String run,
            Settings settings) {
        return new CollectJob(spark, quiet).run(new CollectRequest(rom, RunLayout.of(store.toString(), run),
                new PolicySpec(PolicySpec.RANDOM), CollectSettings.from(settings), settings));
    }

    /** Raw ALE's speed: frames per wall second, and per CPU-second of its thread. */
    record Raw(double fps, double fpsPerCpuSecond) {
    }

    static double rawAleFps(RomFile rom, int frameSkip) throws IOException {
        return rawAle(rom, frameSkip).fps();
    }

    /**
     * ALE alone: the collector's action process (a random minimal-set action held for frame-skip frames),
     * no screen reads, no preprocessing, reset on game over.
     */
    static Raw rawAle(RomFile rom, int frameSkip) throws IOException {
        Path copy = rom.writeTemporaryCopy();
        ALEInterface ale = new ALEInterface();
        try {
            ale.setInt("random_seed", 1);
            ale.setFloat("repeat_action_probability", 0f);
            ale.loadROM(copy.toString());
            int[] actions = new int[(int) ale.getMinimalActionSet().limit()];
            ale.getMinimalActionSet().get(actions);
            SplittableRandom random = new SplittableRandom(1);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            int action = actions[0];
            for (long frame = 0; frame < RAW_FRAMES; frame++) {
                if (frame % frameSkip == 0) {
                    action = actions[random.nextInt(actions.length)];
                }
                ale.act(action);
                if (ale.game_over()) {
                    ale.reset_game();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            return new Raw(RAW_FRAMES / seconds, RAW_FRAMES / cpuSeconds);
        } finally {
            ale.close();
            Files.deleteIfExists(copy);
        }
    }

    /** Raw ALE on {@code threads} threads at once (every core busy, as in the collect job); mean per thread. */
    static double rawAleFpsOnEveryCore(RomFile rom, int frameSkip, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Double>> runs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                runs.add(pool.submit(() -> rawAleFps(rom, frameSkip)));
            }
            double sum = 0;
            for (Future<Double> run : runs) {
                sum += run.get();
            }
            return sum / threads;
        } finally {
            pool.shutdown();
        }
    }

    static double environmentFps(RomFile rom, EnvironmentSettings env) {
        try (AleEnvironment environment = new AleEnvironment(rom, env, 1)) {
            SplittableRandom random = new SplittableRandom(1);
            long frames = environment.reset();
            long start = System.nanoTime();
            for (long step = 0; step < ACTOR_STEPS; step++) {
                var outcome = environment.step(random.nextInt(environment.actionCount()));
                frames += outcome.frames();
                if (outcome.episodeEnded()) {
                    frames += environment.reset();
                }
            }
            return frames / ((System.nanoTime() - start) / 1e9);
        }
    }

    static double actorFps(RomFile rom, EnvironmentSettings env) {
        long[] frames = {0};
        try (AleEnvironment environment = new AleEnvironment(rom, env, 1)) {
            Actor actor = new Actor("bench", 0, 0, environment, new RandomPolicy(environment.actionCount(), 1), 1.0, 2,
                    ACTOR_STEPS, 4, new Actor.Listener() {
                        @Override
                        public void onReset(int noopFrames) {
                            frames[0] += noopFrames;
                        }

                        @Override
                        public void onStep(int stepFrames) {
                            frames[0] += stepFrames;
                        }

                        @Override
                        public void onEpisodeEnd(double episodeReturn) {
                        }
                    });
            long start = System.nanoTime();
            long checksum = 0;
            while (actor.hasNext()) {
                checksum += actor.next().frame()[3000];
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return checksum == Long.MIN_VALUE ? 0 : frames[0] / seconds;
        }
    }

    /**
     * CPU seconds used by this JVM: all of it (GC and JIT threads included), its Spark task threads
     * (where the actors run) and its other Java threads (the Spark driver's, the main thread).
     */
    record CpuUse(double process, double actors, double otherJava, Map<Long, Long> threadNanos,
                  Map<Long, String> threadNames) {
        static CpuUse now() {
            ThreadMXBean bean = ManagementFactory.getThreadMXBean();
            Map<Long, Long> nanos = new HashMap<>();
            Map<Long, String> names = new HashMap<>();
            for (ThreadInfo info : bean.getThreadInfo(bean.getAllThreadIds())) {
                if (info != null) {
                    long cpu = bean.getThreadCpuTime(info.getThreadId());
                    if (cpu >= 0) {
                        nanos.put(info.getThreadId(), cpu);
                        names.put(info.getThreadId(), info.getThreadName());
                    }
                }
            }
            double process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime() / 1e9;
            return new CpuUse(process, 0, 0, nanos, names);
        }

        /** The CPU used from {@code before} to this; threads that ended in between are not seen. */
        CpuUse since(CpuUse before) {
            double actors = 0;
            double other = 0;
            for (Map.Entry<Long, Long> thread : threadNanos.entrySet()) {
                double seconds = (thread.getValue() - before.threadNanos.getOrDefault(thread.getKey(), 0L)) / 1e9;
                if (threadNames.get(thread.getKey()).startsWith("Executor task launch worker")) {
                    actors += seconds;
                } else {
                    other += seconds;
                }
            }
            return new CpuUse(process - before.process, actors, other, Map.of(), Map.of());
        }
    }

    /** The machine's 1-minute load average (runnable threads, all users). */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    static long parquetBytes(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".parquet")).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
