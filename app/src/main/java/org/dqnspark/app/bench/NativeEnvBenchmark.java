package org.dqnspark.app.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dqnspark.core.spark.JvmProperties;
import org.dqnspark.core.spark.TaskThreads;

/**
 * bench/native-env.sh: what the native settings of conf/jvm.properties do, side by side. Each round starts
 * fresh processes (the settings act only at start-up) in turn: our stock DQN update, a batch-1 policy
 * forward and the gemm roofline without the dqn.native.env.* variables, with them, and with them plus
 * DL4J's layer helpers enabled ({@code org.eclipse.deeplearning4j.helpers.disable=false}); and PyTorch's
 * update without and with them. Medians over rounds.
 * Usage: NativeEnvBenchmark TORCH_SCRIPT [ROUNDS] [UPDATES]; NativeEnvBenchmark --measure UPDATES (one child)
 */
public final class NativeEnvBenchmark {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("--measure")) {
            measure(Integer.parseInt(args[1]));
            return;
        }
        Path torchScript = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int updates = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        int threads = TaskThreads.executorCores(null);
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            results.computeIfAbsent("DL4J, without", k -> new ArrayList<>()).add(child(false, false, updates));
            results.computeIfAbsent("DL4J, with", k -> new ArrayList<>()).add(child(true, false, updates));
            results.computeIfAbsent("DL4J, with + helpers", k -> new ArrayList<>()).add(child(true, true, updates));
            results.computeIfAbsent("PyTorch, without", k -> new ArrayList<>()).add(new double[] {
                    ComputeBenchmark.torchSeconds(environment(new ProcessBuilder(), false), torchScript, threads, updates)});
            results.computeIfAbsent("PyTorch, with", k -> new ArrayList<>()).add(new double[] {
                    ComputeBenchmark.torchSeconds(environment(new ProcessBuilder(), true), torchScript, threads, updates)});
            System.out.printf("round %d done%n", round);
        }
        System.out.printf("%nmedians over %d rounds, %d threads; settings %s:%n", rounds, threads,
                JvmProperties.nativeEnvironment());
        System.out.printf("  %-22s %12s %12s %12s%n", "process", "update ms", "forward1 ms", "gemm GFLOP/s");
        results.forEach((name, runs) -> {
            StringBuilder row = new StringBuilder(String.format("  %-22s", name));
            for (int i = 0; i < runs.get(0).length; i++) {
                List<Double> column = new ArrayList<>();
                for (double[] run : runs) {
                    column.add(run[i]);
                }
                row.append(String.format(" %12.1f", (i < 2 ? 1e3 : 1) * CollectBenchmark.median(column)));
            }
            System.out.println(row);
        });
    }

    /** One child JVM: seconds per stock update and per batch-1 forward, and the roofline's GFLOP/s. */
    private static double[] child(boolean nativeEnv, boolean helpers, int updates) throws IOException,
            InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(JvmProperties.flags());
        command.add("-Dorg.eclipse.deeplearning4j.helpers.disable=" + !helpers);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), NativeEnvBenchmark.class.getName(),
                "--measure", String.valueOf(updates)));
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
        return new double[] {Double.parseDouble(fields[0]), Double.parseDouble(fields[1]), Double.parseDouble(fields[2])};
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

    private static void measure(int updates) {
        ComputeBenchmark.Update update = new ComputeBenchmark.Update();
        double gemm = TrainBenchmark.gemmGflops(2048);
        double seconds = update.medianSeconds(updates);
        double forward = update.forwardSeconds(1, 5 * updates);
        System.out.printf("%s %s %s%n", seconds, forward, gemm);
    }
}
