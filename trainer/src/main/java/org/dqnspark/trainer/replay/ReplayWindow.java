package org.dqnspark.trainer.replay;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;
import org.dqnspark.core.UserError;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.core.store.StoreTables;
import org.dqnspark.core.store.TableFiles;
import org.dqnspark.core.store.Transition;
import org.dqnspark.core.store.TransitionSchema;

/**
 * The replay window: the newest N transitions of a run, whatever iterations they came from, loaded
 * from Parquet into one {@link ReplayBuffer} per Spark partition and cached there for the whole job.
 * Whole episodes go to one partition (partitioned by episode id), in step order.
 *
 * @param buffers    one buffer per partition, cached
 * @param size       transitions in the window
 * @param storeSize  transitions in the run's whole store (the agent steps collected so far)
 * @param bytesInMemory heap bytes the buffers take ({@link ReplayBuffer#bytesInMemory})
 * @param newestIteration the newest iteration in the window
 * @param epsilon    exploration rate of the newest transitions
 */
public record ReplayWindow(JavaRDD<ReplayBuffer> buffers, long size, long bytesInMemory, long storeSize,
                           int newestIteration,
                           double epsilon) {

    /**
     * @param frameForm how the buffers hold frames: {@code compressed} or {@code raw} ({@link FrameStore})
     */
    public static ReplayWindow load(SparkSession spark, RunLayout run, int replaySize, String frameForm,
                                    int frameBytes, int historyLength, int partitions) {
        return load(spark, run, replaySize, frameForm, frameBytes, historyLength, partitions, false);
    }

    /**
     * @param keepDemonstrations the window holds every demonstration of the run ({@code source = human}) for good,
     *                           beside the newest {@code replaySize} of its other transitions (Deep Q-learning
     *                           from Demonstrations); else the newest {@code replaySize} transitions whatever
     *                           their source
     */
    public static ReplayWindow load(SparkSession spark, RunLayout run, int replaySize, String frameForm,
                                    int frameBytes, int historyLength, int partitions, boolean keepDemonstrations) {
        TableFiles.check(new RunStore(run, spark.sparkContext().hadoopConfiguration()), run.transitions(),
                StoreTables.TRANSITIONS, TransitionSchema.FILE_SCHEMA);
        Dataset<Row> all = spark.read().parquet(run.transitions().toString());
        Column demonstration = keepDemonstrations ? col(TransitionSchema.SOURCE).equalTo(Transition.SOURCE_HUMAN)
                : lit(false);
        // One pass over the table's (iteration, source) columns: rows per iteration, newest first, of the
        // demonstrations (none unless kept) and of the others.
        NavigableMap<Integer, Long> demonstrationsPerIteration = new TreeMap<>(Comparator.reverseOrder());
        NavigableMap<Integer, Long> othersPerIteration = new TreeMap<>(Comparator.reverseOrder());
        for (Row r : all.groupBy(col(TransitionSchema.ITERATION), demonstration.as("demonstration")).count()
                .collectAsList()) {
            (r.getBoolean(1) ? demonstrationsPerIteration : othersPerIteration).put(r.getInt(0), r.getLong(2));
        }
        if (demonstrationsPerIteration.isEmpty() && othersPerIteration.isEmpty()) {
            throw new UserError("Run '" + run.run() + "' has no transitions in " + run.transitions()
                    + ". Collect some first: dqn collect --run " + run.run() + " ...");
        }
        Dataset<Row> others = keepDemonstrations ? all.where(not(demonstration)) : all;
        Dataset<Row> window = newest(others, othersPerIteration, replaySize);
        long demonstrationCount = demonstrationsPerIteration.values().stream().mapToLong(Long::longValue).sum();
        if (demonstrationCount > 0) {
            window = window.unionByName(all.where(demonstration));
        }
        long kept = Math.min(replaySize, othersPerIteration.values().stream().mapToLong(Long::longValue).sum())
                + demonstrationCount;
        NavigableMap<Integer, Long> perIteration = new TreeMap<>(othersPerIteration);
        demonstrationsPerIteration.forEach((iteration, rows) -> perIteration.merge(iteration, rows, Long::sum));
        return load(all, window, perIteration, kept, frameForm, frameBytes, historyLength, partitions);
    }

    /**
     * The newest {@code replaySize} of {@code rows}: whole iterations from the newest back; of the oldest one
     * that fits only partly, each actor's newest rows in proportion.
     */
    private static Dataset<Row> newest(Dataset<Row> rows, NavigableMap<Integer, Long> perIteration, int replaySize) {
        long kept = 0;
        int oldestWhole = Integer.MAX_VALUE;
        int partial = -1;
        long partialRows = 0;
        long partialTotal = 0;
        for (Map.Entry<Integer, Long> e : perIteration.entrySet()) {
            int iteration = e.getKey();
            long count = e.getValue();
            if (kept + count <= replaySize) {
                kept += count;
                oldestWhole = iteration;
            } else {
                partial = iteration;
                partialRows = replaySize - kept;
                partialTotal = count;
                break;
            }
        }
        Dataset<Row> window = rows.where(col(TransitionSchema.ITERATION).geq(oldestWhole));
        if (partial >= 0 && partialRows > 0) {
            double fraction = (double) partialRows / partialTotal;
            Dataset<Row> newestOfPartial = rows.where(col(TransitionSchema.ITERATION).equalTo(partial))
                    .withColumn("age", row_number().over(Window.partitionBy(TransitionSchema.ACTOR)
                            .orderBy(col(TransitionSchema.EPISODE_ID).desc(), col(TransitionSchema.EPISODE_STEP).desc())))
                    .withColumn("actor_rows", org.apache.spark.sql.functions.count("*")
                            .over(Window.partitionBy(TransitionSchema.ACTOR)))
                    .where(col("age").leq(col("actor_rows").multiply(fraction).cast("long")))
                    .drop("age", "actor_rows");
            window = window.unionByName(newestOfPartial);
        }
        return window;
    }

    /**
     * The buffers of {@code window}, {@code kept} transitions at most, cached; {@code perIteration}: the rows of
     * every iteration of the run, newest first.
     */
    private static ReplayWindow load(Dataset<Row> all, Dataset<Row> window, NavigableMap<Integer, Long> perIteration,
                                     long kept, String frameForm, int frameBytes, int historyLength, int partitions) {
        long storeSize = perIteration.values().stream().mapToLong(Long::longValue).sum();
        int newest = perIteration.firstKey();
        double epsilon = all.where(col(TransitionSchema.ITERATION).equalTo(newest))
                .agg(org.apache.spark.sql.functions.avg(TransitionSchema.EPSILON)).first().getDouble(0);
        int capacity = (int) Math.min(Integer.MAX_VALUE - 16, kept);
        JavaRDD<ReplayBuffer> buffers = window
                .repartition(partitions, col(TransitionSchema.EPISODE_ID))
                .sortWithinPartitions(TransitionSchema.EPISODE_ID, TransitionSchema.EPISODE_STEP)
                .javaRDD()
                .mapPartitions((Iterator<Row> rows) -> {
                    ReplayBuffer buffer = new ReplayBuffer(capacity, frameBytes, historyLength, frameForm);
                    rows.forEachRemaining(row -> buffer.add(TransitionSchema.fromRow(row)));
                    List<ReplayBuffer> one = new ArrayList<>(1);
                    one.add(buffer);
                    return one.iterator();
                })
                .persist(StorageLevel.MEMORY_ONLY());
        long[] sizeAndBytes = buffers.map(b -> new long[] {b.size(), b.bytesInMemory()})
                .reduce((a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
        return new ReplayWindow(buffers, sizeAndBytes[0], sizeAndBytes[1], storeSize, newest, epsilon);
    }

    public void release() {
        buffers.unpersist(false);
    }
}
