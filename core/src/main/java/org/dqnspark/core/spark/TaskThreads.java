package org.dqnspark.core.spark;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.util.TaskCompletionListener;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Sizes ND4J's native threads to the cores Spark gave the running task, so that tasks sharing a machine
 * do not fight over its cores: each actor or evaluation task (batch-1 forwards) runs on its own
 * {@code spark.task.cpus} cores, while the trainer's fit, alone on its executor, runs on all of the
 * executor's cores ({@code spark.executor.cores}, or N of {@code local[N]}).
 *
 * <p>Three thread counts are set: libnd4j's (how many of its pool's threads an op uses: its "master
 * threads"), OpenBLAS's and OpenMP's (oneDNN runs on it). OpenMP's count belongs to the calling thread;
 * the other two are per process, so the tasks running at once on an executor should ask for the same
 * count, as the tasks of one stage do. When the last task that set the counts ends, ND4J's own start-up
 * counts come back: a task thread that Spark reuses, and the driver of a local session, are not left on
 * one thread.
 */
public final class TaskThreads {
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\s*\\d+)?])?");
    private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[\\s*\\d+\\s*,\\s*(\\d+)\\s*,.*]");

    /** How many running tasks hold counts they set; guarded by the class. */
    private static int holders;
    /** ND4J's counts before any task set them: libnd4j's pool, libnd4j's master threads, OpenBLAS's. */
    private static int[] startCounts;

    private TaskThreads() {
    }

    /**
     * Limits ND4J to the current task's cores ({@code spark.task.cpus}) until the task ends; outside a
     * task, sets it to the executor's cores ({@link #executorCores}). Returns the thread count.
     */
    public static int useTaskCores() {
        TaskContext task = TaskContext.get();
        int cores = executorCoresHere();
        return use(task, task == null ? cores : Math.min(task.cpus(), cores));
    }

    /**
     * Limits ND4J to {@code threads} until the current task ends (outside a task, until set again): for work
     * too small to gain from more threads than one, such as the MinAtar network's fit. Returns the count.
     */
    public static int use(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        return use(TaskContext.get(), threads);
    }

    /**
     * Sets OpenMP's thread count (oneDNN's) for the calling thread alone, leaving the per-process counts as the
     * task set them: for a helper thread of a task, such as the one that labels the fit's minibatches ahead.
     */
    public static void useOnThisThread(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    }

    /** Lets ND4J use all the executor's cores until the current task ends. Returns the thread count. */
    public static int useExecutorCores() {
        return use(TaskContext.get(), executorCoresHere());
    }

    /**
     * {@code rdd}, such that the task computing each of its partitions (and whatever consumes them in
     * the same task, such as DL4J's fit) uses all the executor's cores: for a stage that runs alone.
     */
    public static <T> JavaRDD<T> withExecutorCores(JavaRDD<T> rdd) {
        return rdd.mapPartitions(partition -> {
            useExecutorCores();
            return partition;
        }, true);
    }

    /**
     * {@code rdd}, such that the task computing each of its partitions (and whatever consumes them in the same
     * task) uses {@code threads} threads, or all the executor's cores for 0.
     */
    public static <T> JavaRDD<T> withThreads(JavaRDD<T> rdd, int threads) {
        if (threads == 0) {
            return withExecutorCores(rdd);
        }
        return rdd.mapPartitions(partition -> {
            use(Math.min(threads, executorCoresHere()));
            return partition;
        }, true);
    }

    /** The cores of this JVM's executor, under its Spark conf if it has one ({@link #executorCores}). */
    private static int executorCoresHere() {
        return executorCores(SparkEnv.get() == null ? null : SparkEnv.get().conf());
    }

    /**
     * The cores of one executor under {@code conf}: N of {@code local[N]} (all of this JVM's for
     * {@code local[*]}), c of {@code local-cluster[n, c, m]}, else {@code spark.executor.cores}; never
     * more than this JVM has. All of this JVM's without a conf or a setting.
     */
    public static int executorCores(SparkConf conf) {
        int available = Runtime.getRuntime().availableProcessors();
        if (conf == null) {
            return available;
        }
        String master = conf.get("spark.master", "");
        Matcher local = LOCAL.matcher(master);
        Matcher localCluster = LOCAL_CLUSTER.matcher(master);
        int cores;
        if (local.matches()) {
            cores = local.group(1) == null ? 1 : local.group(1).equals("*") ? available : Integer.parseInt(local.group(1));
        } else if (localCluster.matches()) {
            cores = Integer.parseInt(localCluster.group(1));
        } else {
            cores = conf.getInt("spark.executor.cores", available);
        }
        return Math.max(1, Math.min(cores, available));
    }

    private static int use(TaskContext task, int threads) {
        synchronized (TaskThreads.class) {
            if (startCounts == null) {
                startCounts = new int[] {Nd4j.getEnvironment().maxThreads(), Nd4j.getEnvironment().maxMasterThreads(),
                        Nd4j.factory().blas().getMaxThreads()};
            }
            setProcessCounts(threads, threads, threads);
            if (task != null) {
                holders++;
            }
        }
        int ompBefore = NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        if (task != null) {
            // Completion listeners run on the task's thread, whose OpenMP count this restores.
            task.addTaskCompletionListener((TaskCompletionListener) context -> release(ompBefore));
        }
        return threads;
    }

    private static void release(int ompBefore) {
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(ompBefore);
        synchronized (TaskThreads.class) {
            holders--;
            if (holders == 0) {
                setProcessCounts(startCounts[0], startCounts[1], startCounts[2]);
            }
        }
    }

    private static void setProcessCounts(int threads, int masterThreads, int blasThreads) {
        // libnd4j 1.0.0-M2.1 ignores this (its pool's size is fixed at start-up) and caps the master threads
        // at it; set first so that a libnd4j that honours it does not cap a count being raised again.
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(masterThreads);
        Nd4j.factory().blas().setMaxThreads(blasThreads);
    }
}
