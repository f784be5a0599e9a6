package org.dqnspark.bench;

import static org.dqnspark.core.Statistics.median;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.bench.CollectStages.Raw;
import org.dqnspark.collector.CollectReport;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.EnvironmentSettings;
import org.dqnspark.core.env.RomFile;
import org.dqnspark.core.spark.SparkSessions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
 * The other stages ({@link CollectStages}: one thread each, no Spark) locate the cost.
 */
@Command(name = "CollectBenchmark", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "The collect job's frames/s per core against raw ALE, and bytes per transition on disk.")
public final class CollectBenchmark implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ROM")
    Path romPath;
    @Parameters(index = "1", paramLabel = "STORE_DIR", description = "A scratch store for the jobs' runs.")
    Path store;
    @Option(names = "--rounds", defaultValue = "5", description = "Counted rounds, after one that warms up.")
    int rounds;
    @Option(names = "--job-steps", defaultValue = "60000", description = "Agent steps of each collect job.")
    long jobSteps;
    @Option(names = "--actors", defaultValue = "2", description = "K, the collect job's actors.")
    int actors;

    /**
     * What one round measured, in emulator frames per second unless named otherwise: raw ALE on one thread and
     * per thread with K at once, the environment and the actor loop alone, the collect job; the job's ratio
     * per core to raw, per CPU-second, and with one actor alone (NaN with one actor); bytes per transition.
     */
    record Round(double rawFps, double rawFpsBusy, double environmentFps, double actorFps, double jobFps,
                 double ratio, double cpuRatio, double oneActorRatio, double bytesPerTransition) {
    }

    private RomFile rom;
    private EnvironmentSettings env;
    private int cores;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CollectBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        cores = Math.min(actors, Runtime.getRuntime().availableProcessors());
        rom = RomFile.load(romPath);
        Settings settings = jobSettings(jobSteps, actors);
        env = EnvironmentSettings.forTraining(settings);
        SparkSession spark = SparkSessions.create("bench collect", "local[" + actors + "]");
        List<Round> counted = new ArrayList<>();
        // Round 0 warms up the JIT, the natives and Spark; it is not counted.
        for (int round = 0; round <= rounds; round++) {
            Round measured = round(spark, round, settings);
            if (round > 0) {
                counted.add(measured);
            }
        }
        spark.stop();
        printMedians(counted);
        return 0;
    }

    private static Settings jobSettings(long steps, int actors) {
        return Settings.withOverrides(List.of("dqn.collect.agent-steps=" + steps, "dqn.collect.actors=" + actors,
                "dqn.collect.progress-interval=1h"));
    }

    /** One round, printed as it goes: the stages alone, then the job bracketed by raw ALE (twice with K > 1). */
    private Round round(SparkSession spark, int round, Settings settings) throws Exception {
        double rawBusy = CollectStages.rawAleFpsOnEveryCore(rom, env.frameSkip(), cores);
        double environment = CollectStages.environmentFps(rom, env);
        double actor = CollectStages.actorFps(rom, env);
        // Raw ALE right before and right after the job, so machine drift (often 25% within a minute
        // here) hits both sides of the ratio alike; the round's raw speed is their mean.
        Raw rawBefore = CollectStages.rawAle(rom, env.frameSkip());
        String run = "bench-" + round;
        String loadBefore = loadAverage();
        CpuUse cpuBefore = CpuUse.now();
        CollectReport report = BenchJobs.randomCollect(spark, rom, store, run, settings);
        CpuUse jobCpu = CpuUse.now().since(cpuBefore);
        String loadAfter = loadAverage();
        Raw raw = Raw.around(rawBefore, CollectStages.rawAle(rom, env.frameSkip()));
        double bytes = (double) parquetBytes(store.resolve(run).resolve("transitions")) / report.agentSteps();
        System.out.printf("round %d%s: raw ALE %,.0f fps (%,.0f per thread with %d at once) | env+preprocessing"
                        + " %,.0f fps | actor loop %,.0f fps | collect job %,.0f fps on %d actors (%,.0f per core;"
                        + " %.1f s, of which playing and writing %.1f s) | %.1f bytes/transition%n",
                round, round == 0 ? " (warm-up)" : "", raw.fps(), rawBusy, cores, environment, actor,
                report.framesPerSecond(), actors, report.framesPerSecond() / cores, report.seconds(),
                report.playSeconds(), bytes);
        double seconds = report.seconds();
        System.out.printf("  job's JVM used %.2f cores: actor task threads %.2f, Spark driver and other Java threads"
                        + " %.2f, GC/JIT/native %.2f | job %,.0f frames per JVM CPU-second, raw %,.0f per CPU-second"
                        + " | load average %s -> %s%n",
                jobCpu.process() / seconds, jobCpu.actors() / seconds, jobCpu.otherJava() / seconds,
                jobCpu.gcJitAndNative() / seconds, report.frames() / jobCpu.process(), raw.fpsPerCpuSecond(),
                loadBefore, loadAfter);
        double oneActorRatio = actors > 1 ? oneActorRatio(spark, run) : Double.NaN;
        double cpuRatio = report.frames() / jobCpu.process() / raw.fpsPerCpuSecond();
        return new Round(raw.fps(), rawBusy, environment, actor, report.framesPerSecond(),
                report.framesPerSecond() / cores / raw.fps(), cpuRatio, oneActorRatio, bytes);
    }

    /** The same job with one actor and K times fewer steps, bracketed by raw ALE: its fps over raw's. */
    private double oneActorRatio(SparkSession spark, String run) throws IOException {
        Raw rawBefore = CollectStages.rawAle(rom, env.frameSkip());
        CollectReport one = BenchJobs.randomCollect(spark, rom, store, run + "-one-actor",
                jobSettings(jobSteps / actors, 1));
        double raw = Raw.around(rawBefore, CollectStages.rawAle(rom, env.frameSkip())).fps();
        System.out.printf("  one actor alone: collect job %,.0f fps against raw ALE %,.0f fps: %.2f of raw%n",
                one.framesPerSecond(), raw, one.framesPerSecond() / raw);
        return one.framesPerSecond() / raw;
    }

    private void printMedians(List<Round> counted) {
        double rawFps = median(counted, Round::rawFps);
        double rawBusy = median(counted, Round::rawFpsBusy);
        double environment = median(counted, Round::environmentFps);
        double actor = median(counted, Round::actorFps);
        double job = median(counted, Round::jobFps);
        double jobPerCore = job / cores;
        double ratio = median(counted, Round::ratio);
        double bytes = median(counted, Round::bytesPerTransition);
        System.out.printf("%nmedians over %d rounds (%s, %,d steps per job, %d actors on %d cores):%n", rounds,
                rom.game(), jobSteps, actors, cores);
        System.out.printf("  raw ALE, one thread          %,10.0f frames/s   1.00%n", rawFps);
        System.out.printf("  raw ALE, %d threads at once   %,10.0f frames/s   %.2f of raw (per thread)%n", cores,
                rawBusy, rawBusy / rawFps);
        System.out.printf("  environment + preprocessing  %,10.0f frames/s   %.2f of raw%n", environment,
                environment / rawFps);
        System.out.printf("  actor loop (rows, no Spark)  %,10.0f frames/s   %.2f of raw%n", actor, actor / rawFps);
        System.out.printf("  collect job, per core        %,10.0f frames/s   %.2f of raw (median of the rounds'"
                + " ratios: %.2f)%n", jobPerCore, jobPerCore / rawFps, ratio);
        double oneActor = actors > 1 ? median(counted, Round::oneActorRatio) : ratio;
        if (actors > 1) {
            System.out.printf("  collect job, one actor alone                      %.2f of raw (median of the rounds'"
                    + " ratios)%n", oneActor);
        }
        System.out.printf("  bytes per transition on disk %10.1f%n", bytes);
        System.out.printf("collector_ratio=%.3f bytes_per_transition=%.1f raw_fps=%.0f collector_fps=%.0f"
                        + " collector_ratio_vs_busy_raw=%.3f collector_cpu_ratio=%.3f collector_ratio_one_actor=%.3f%n",
                ratio, bytes, rawFps, job, jobPerCore / rawBusy, median(counted, Round::cpuRatio), oneActor);
    }

    /** The machine's 1-minute load average (runnable threads, all users). */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static long parquetBytes(Path dir) {
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
}
