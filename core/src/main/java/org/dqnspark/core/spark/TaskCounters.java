package org.dqnspark.core.spark;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * and sums them, so progress moves every heartbeat, on a cluster as well as in local mode.
 */
public final class TaskCounters extends SparkListener {
    private final Map<Long, AccumulatorV2<?, ?>> watched = new HashMap<>();
    /** accumulator id -> (task id -> newest value). */
    private final Map<Long, Map<Long, Double>> perTask = new ConcurrentHashMap<>();

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

    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
        for (Tuple4<Object, Object, Object, scala.collection.Seq<AccumulableInfo>> task
                : JavaConverters.seqAsJavaList(update.accumUpdates())) {
            record((Long) task._1(), task._4());
        }
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
