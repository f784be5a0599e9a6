package org.dqnspark.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU seconds used by this JVM: all of it (GC and JIT threads included), its Spark task threads (where the
 * actors run) and its other Java threads (the Spark driver's, the main thread).
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

    /** CPU seconds of the JVM's own threads: GC, JIT and native ones, which no Java thread accounts for. */
    double gcJitAndNative() {
        return process - actors - otherJava;
    }
}
