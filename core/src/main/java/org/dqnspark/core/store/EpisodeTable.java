package org.dqnspark.core.store;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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

    private EpisodeTable() {
    }

    /** The columns of the table's files, as {@link #derive} produces them (without the partition column). */
    public static StructType fileSchema(SparkSession spark) {
        return derive(spark.createDataFrame(List.of(), TransitionSchema.FILE_SCHEMA)).schema();
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
                        first(col(TransitionSchema.SOURCE)).as(SOURCE),
                        first(col(TransitionSchema.POLICY_SNAPSHOT), true).as(POLICY_SNAPSHOT),
                        max(when(ended, 1).otherwise(0)).as("finished"))
                .where(col("finished").equalTo(1))
                .drop("finished")
                .orderBy(col(TransitionSchema.EPISODE_ID));
    }
}
