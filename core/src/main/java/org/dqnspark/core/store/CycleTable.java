package org.dqnspark.core.store;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code cycles} table, {@code <run>/cycles/cycle=<c>/}: one row per completed collect-train-evaluate
 * cycle of the cycle job. {@code cycle} (1, 2, ...) is the partition column.
 * <ul>
 * <li>{@code iteration}: the collect iteration the cycle wrote; {@code collected_agent_steps}: agent steps
 *     it collected; {@code agent_steps}: agent steps in the run after it; {@code epsilon}: the collect's exploration
 *     rate; {@code policy}: what collected ({@code random} or {@code epoch-<n>});
 *     {@code episodes}, {@code mean_return}: finished episodes of the collect and their mean raw return;
 * <li>{@code updates}: parameter updates of the cycle's train stage; {@code total_updates}: of the run;
 *     {@code snapshot}, {@code epoch}: the snapshot it ended with; {@code loss}: its mean loss;
 * <li>{@code evaluation}: the {@code evaluations} partition of the snapshot's score;
 *     {@code evaluation_games}, {@code evaluation_score}: games and mean score; {@code random_score}: the
 *     uniform-random policy's mean score under the same protocol (scored once per run, in cycle 1);
 * <li>{@code collect_seconds}, {@code train_seconds}, {@code evaluate_seconds}: wall time of each stage
 *     (of its completed attempt); {@code completed_at}: ISO-8601 time the cycle completed.
 * </ul>
 */
public final class CycleTable {
    public static final String CYCLE = "cycle";

    public static final StructType FILE_SCHEMA = new StructType(new StructField[] {
        TransitionSchema.field("run", StringType, false),
        TransitionSchema.field("iteration", IntegerType, false),
        TransitionSchema.field("collected_agent_steps", LongType, false),
        TransitionSchema.field("agent_steps", LongType, false),
        TransitionSchema.field("epsilon", DoubleType, false),
        TransitionSchema.field("policy", StringType, false),
        TransitionSchema.field("episodes", LongType, false),
        TransitionSchema.field("mean_return", DoubleType, true),
        TransitionSchema.field("updates", LongType, false),
        TransitionSchema.field("total_updates", LongType, false),
        TransitionSchema.field("snapshot", StringType, false),
        TransitionSchema.field("epoch", IntegerType, false),
        TransitionSchema.field("loss", DoubleType, true),
        TransitionSchema.field("evaluation", IntegerType, false),
        TransitionSchema.field("evaluation_games", IntegerType, false),
        TransitionSchema.field("evaluation_score", DoubleType, false),
        TransitionSchema.field("random_score", DoubleType, true),
        TransitionSchema.field("collect_seconds", DoubleType, false),
        TransitionSchema.field("train_seconds", DoubleType, false),
        TransitionSchema.field("evaluate_seconds", DoubleType, false),
        TransitionSchema.field("completed_at", StringType, false),
    });

    /** The schema Spark SQL shows: the file columns and the partition column. */
    public static final StructType TABLE_SCHEMA = FILE_SCHEMA.add(TransitionSchema.field(CYCLE, IntegerType, false));

    private CycleTable() {
    }

    /** One completed cycle. */
    public record CycleRow(String run, int cycle, int iteration, long collectedAgentSteps, long agentSteps, double epsilon,
                           String policy, long episodes, Double meanReturn, long updates, long totalUpdates,
                           int epoch, Double loss, int evaluation, int evaluationGames, double evaluationScore,
                           Double randomScore,
                           double collectSeconds, double trainSeconds, double evaluateSeconds, String completedAt) {
        public Row toFileRow() {
            return RowFactory.create(run, iteration, collectedAgentSteps, agentSteps, epsilon, policy, episodes, meanReturn,
                    updates, totalUpdates, SnapshotStore.epochName(epoch), epoch, loss, evaluation, evaluationGames,
                    evaluationScore, randomScore, collectSeconds, trainSeconds, evaluateSeconds, completedAt);
        }
    }
}
