package org.dqnspark.bench;

/**
 * The child process of {@link NativeEnvBenchmark}: prints, on its last line, the median seconds per stock
 * DQN update, per batch-1 policy forward, and the gemm roofline's GFLOP/s, as the environment and JVM
 * properties it was started with make them. Usage: NativeEnvMeasurement UPDATES
 */
public final class NativeEnvMeasurement {
    private NativeEnvMeasurement() {
    }

    public static void main(String[] args) {
        int updates = Integer.parseInt(args[0]);
        DqnUpdateTimer timer = new DqnUpdateTimer();
        double gemm = Roofline.gemmGflops();
        double update = timer.medianUpdateSeconds(updates);
        double forward = timer.medianForwardSeconds(1, 5 * updates);
        System.out.printf("%s %s %s%n", update, forward, gemm);
    }
}
