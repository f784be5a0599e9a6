package org.dqnspark.bench;

import static org.dqnspark.core.Statistics.median;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import org.dqnspark.core.spark.JvmProperties;
import org.dqnspark.core.spark.TaskThreads;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * bench/native-env.sh: what the native settings of conf/jvm.properties do, side by side. Each round starts
 * fresh processes (the settings act only at start-up) in turn: our stock DQN update, a batch-1 policy
 * forward and the gemm roofline without the dqn.native.env.* variables, with them, and with them plus
 * DL4J's layer helpers enabled ({@code org.eclipse.deeplearning4j.helpers.disable=false}); and PyTorch's
 * update without and with them. Medians over rounds.
 */
@Command(name = "NativeEnvBenchmark", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Our update, forward and gemm, and PyTorch's update, without and with dqn.native.env.*.")
public final class NativeEnvBenchmark implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TORCH_SCRIPT", description = "bench/torch_dqn_update.py")
    Path torchScript;
    @Option(names = "--rounds", defaultValue = "3", description = "Rounds, each a fresh process of every kind.")
    int rounds;
    @Option(names = "--updates", defaultValue = "15", description = "Timed updates per process.")
    int updates;

    /** One process's figures: seconds per update and per batch-1 forward, the roofline; NaN where not measured. */
    record Measurement(double update, double forward1, double gemmGflops) {
        static Measurement torch(double update) {
            return new Measurement(update, Double.NaN, Double.NaN);
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new NativeEnvBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        int threads = TaskThreads.executorCores(null);
        Map<String, List<Measurement>> results = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            results.computeIfAbsent("DL4J, without", k -> new ArrayList<>()).add(child(false, false));
            results.computeIfAbsent("DL4J, with", k -> new ArrayList<>()).add(child(true, false));
            results.computeIfAbsent("DL4J, with + helpers", k -> new ArrayList<>()).add(child(true, true));
            results.computeIfAbsent("PyTorch, without", k -> new ArrayList<>()).add(Measurement.torch(
                    TorchPeer.updateSeconds(environment(new ProcessBuilder(), false), torchScript, threads, updates)));
            results.computeIfAbsent("PyTorch, with", k -> new ArrayList<>()).add(Measurement.torch(
                    TorchPeer.updateSeconds(environment(new ProcessBuilder(), true), torchScript, threads, updates)));
            System.out.printf("round %d done%n", round);
        }
        System.out.printf("%nmedians over %d rounds, %d threads; settings %s:%n", rounds, threads,
                JvmProperties.nativeEnvironment());
        System.out.printf("  %-22s %12s %12s %12s%n", "process", "update ms", "forward1 ms", "gemm GFLOP/s");
        List<ToDoubleFunction<Measurement>> columns = List.of(m -> 1e3 * m.update(), m -> 1e3 * m.forward1(),
                Measurement::gemmGflops);
        results.forEach((name, runs) -> {
            StringBuilder row = new StringBuilder(String.format("  %-22s", name));
            for (ToDoubleFunction<Measurement> column : columns) {
                double value = median(runs, column);
                if (!Double.isNaN(value)) {
                    row.append(String.format(" %12.1f", value));
                }
            }
            System.out.println(row);
        });
        return 0;
    }

    /** One child JVM ({@link NativeEnvMeasurement}) with or without the native settings and DL4J's helpers. */
    private Measurement child(boolean nativeEnv, boolean helpers) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JvmProperties.flags());
        command.add("-Dorg.eclipse.deeplearning4j.helpers.disable=" + !helpers);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), NativeEnvMeasurement.class.getName(),
                String.valueOf(updates)));
        Process process = environment(new ProcessBuilder(command), nativeEnv)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String line = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String next = out.readLine(); next != null; next = out.readLine()) {
                line = next;
            }
        }
        if (process.waitFor() != 0 || line == null) {
            throw new IllegalStateException("measuring child failed (exit " + process.exitValue() + "): " + line);
        }
        String[] fields = line.trim().split(" ");
        return new Measurement(Double.parseDouble(fields[0]), Double.parseDouble(fields[1]),
                Double.parseDouble(fields[2]));
    }

    private static ProcessBuilder environment(ProcessBuilder builder, boolean nativeEnv) {
        JvmProperties.nativeEnvironment().forEach((name, value) -> {
            if (nativeEnv) {
                builder.environment().put(name, value);
            } else {
                builder.environment().remove(name);
            }
        });
        return builder;
    }
}
