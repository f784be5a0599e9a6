package org.dqnspark.core.store;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.FloatType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code episodes} table: one row per finished episode (ended by game over or by the frame cap),
 * derived from the transitions that hold the truth, so the two tables can never disagree.
 * Episodes that a collect job left unfinished (its step budget ran out) have transitions but no row here.
 */
public final class EpisodeTable {
    public static final String RUN = "run";
    public static final String ACTOR = "actor";
    public static final String EPISODE_ID = "episode_id";
    public static final String EPISODE_RETURN = "episode_return";
    public static final String AGENT_STEPS = "agent_steps";
    public static final String FRAMES = "frames";
    public static final String LIVES_LOST = "lives_lost";
    public static final String GAME_OVER = "game_over";
    public static final String TRUNCATED = "truncated";
    public static final String EPSILON = "epsilon";
    public static final String SOURCE = "source";
    public static final String POLICY_SNAPSHOT = "policy_snapshot";
    /** The source of an episode whose steps had more than one (a person took over from the agent, or back). */
    public static final String SOURCE_MIXED = "mixed";

    /**
     * The columns of each file, as {@link #derive} produces them (without the partition column); nullable where
     * an aggregate may be null ({@code dqn store check} reads files against it).
     */
    public static final StructType FILE_SCHEMA = new StructType(new StructField[] {
        TransitionSchema.field(RUN, StringType, false),
        TransitionSchema.field(ACTOR, IntegerType, false),
        TransitionSchema.field(EPISODE_ID, LongType, false),
        TransitionSchema.field(EPISODE_RETURN, DoubleType, true),
        TransitionSchema.field(AGENT_STEPS, IntegerType, false),
        TransitionSchema.field(FRAMES, IntegerType, true),
        TransitionSchema.field(LIVES_LOST, IntegerType, true),
        TransitionSchema.field(GAME_OVER, BooleanType, true),
        TransitionSchema.field(TRUNCATED, BooleanType, true),
        TransitionSchema.field(EPSILON, FloatType, true),
        TransitionSchema.field(SOURCE, StringType, true),
        TransitionSchema.field(POLICY_SNAPSHOT, StringType, true),
    });

    private EpisodeTable() {
    }

    /**
     * Derives the episodes of one iteration's transitions ({@code transitions}: its directory, or its files; none
     * gives none) and writes them as one Parquet file into the new directory {@code target}.
     */
    public static void write(SparkSession spark, Path target, List<String> transitions) {
        Dataset<Row> rows = transitions.isEmpty() ? spark.createDataFrame(List.of(), TransitionSchema.FILE_SCHEMA)
                : spark.read().schema(TransitionSchema.FILE_SCHEMA).parquet(transitions.toArray(String[]::new));
        Dataset<Row> episodes = derive(rows);
        episodes.coalesce(1).write().mode(SaveMode.ErrorIfExists).option("compression", "zstd")
                .parquet(target.toString());
    }

    /** Finished episodes of {@code transitions} (one iteration's file rows, without the partition column). */
    public static Dataset<Row> derive(Dataset<Row> transitions) {
        Column ended = col(TransitionSchema.GAME_OVER).or(col(TransitionSchema.TRUNCATED));
        return transitions
                .groupBy(col(TransitionSchema.RUN), col(TransitionSchema.ACTOR), col(TransitionSchema.EPISODE_ID))
                .agg(
                        sum(col(TransitionSchema.REWARD).cast("double")).as(EPISODE_RETURN),
                        count("*").cast("int").as(AGENT_STEPS),
                        max(col(TransitionSchema.EPISODE_FRAME)).as(FRAMES),
                        sum(when(col(TransitionSchema.LIFE_LOST), 1).otherwise(0)).cast("int").as(LIVES_LOST),
                        max(col(TransitionSchema.GAME_OVER)).as(GAME_OVER),
                        max(col(TransitionSchema.TRUNCATED)).as(TRUNCATED),
                        min(col(TransitionSchema.EPSILON)).as(EPSILON),
                        when(min(col(TransitionSchema.SOURCE)).equalTo(max(col(TransitionSchema.SOURCE))),
                                min(col(TransitionSchema.SOURCE))).otherwise(SOURCE_MIXED).as(SOURCE),
                        first(col(TransitionSchema.POLICY_SNAPSHOT), true).as(POLICY_SNAPSHOT),
                        max(when(ended, 1).otherwise(0)).as("finished"))
                .where(col("finished").equalTo(1))
                .drop("finished")
                .orderBy(col(TransitionSchema.EPISODE_ID));
    }
}
