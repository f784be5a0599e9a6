package org.dqnspark.core.spark;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.AccumulatorV2;
import scala.Tuple4;
import scala.collection.JavaConverters;

/**
 * Live totals of accumulators across running tasks, for progress lines during a long stage.
 *
 * <p>A Spark accumulator's value on the driver grows only when a task ends; an actor's task runs for
 * the whole job. But running tasks send their accumulators' partial values with each executor
 * heartbeat ({@code spark.executor.heartbeatInterval}); this listener keeps the newest value per task
 * and sums them, so progress moves every heartbeat, on a cluster as well as in local mode: a step an
 * actor took shows in the totals no later than the second heartbeat after it (the first may have been
 * gathered just before the step).
 */
public final class TaskCounters extends SparkListener {
    private final Map<Long, AccumulatorV2<?, ?>> watched = new HashMap<>();
    /** accumulator id -> (task id -> newest value). */
    private final Map<Long, Map<Long, Double>> perTask = new ConcurrentHashMap<>();
    private final AtomicLong taskHeartbeats = new AtomicLong();

    /** Follows {@code accumulator} (registered with the SparkContext already). */
    public TaskCounters watch(AccumulatorV2<?, ?> accumulator) {
        watched.put(accumulator.id(), accumulator);
        perTask.put(accumulator.id(), new ConcurrentHashMap<>());
        return this;
    }

    /** The accumulator's total over every task so far, finished or running. */
    public double total(AccumulatorV2<?, ?> accumulator) {
        double sum = 0;
        for (double value : perTask.get(accumulator.id()).values()) {
            sum += value;
        }
        return sum;
    }

    /**
     * Heartbeats seen so far that carried running tasks' accumulators (the driver's own heartbeats,
     * which carry none, are not counted).
     */
    public long taskHeartbeats() {
        return taskHeartbeats.get();
    }

    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
        if (update.accumUpdates().isEmpty()) {
            return;
        }
        for (Tuple4<Object, Object, Object, scala.collection.Seq<AccumulableInfo>> task
                : JavaConverters.seqAsJavaList(update.accumUpdates())) {
            record((Long) task._1(), task._4());
        }
        taskHeartbeats.incrementAndGet();
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskInfo().successful()) {
            record(end.taskInfo().taskId(), end.taskInfo().accumulables());
        }
    }

    private void record(long taskId, scala.collection.Seq<AccumulableInfo> infos) {
        for (AccumulableInfo info : JavaConverters.seqAsJavaList(infos)) {
            Map<Long, Double> values = perTask.get(info.id());
            if (values != null && info.update().isDefined() && info.update().get() instanceof Number number) {
                values.put(taskId, number.doubleValue());
            }
        }
    }
}
