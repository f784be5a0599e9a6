package org.dqnspark.core.store;

import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.FloatType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Parquet schema of the {@code transitions} table, declared once for every writer and reader.
 * One row per agent step ({@link Transition}). The {@code iteration} column is the table's partition
 * column: it lives in the directory name ({@code iteration=<k>}), not in the files.
 */
public final class TransitionSchema {
    public static final String RUN = "run";
    public static final String ITERATION = "iteration";
    public static final String ACTOR = "actor";
    public static final String EPISODE_ID = "episode_id";
    /** The agent step's index within its episode, from 0. */
    public static final String EPISODE_STEP = "episode_step";
    public static final String FRAME = "frame";
    public static final String NEXT_FRAME = "next_frame";
    public static final String ACTION = "action";
    /** The game's own action number: ALE's for an Atari game, the game's for a MinAtar one. */
    public static final String NATIVE_ACTION = "native_action";
    public static final String REWARD = "reward";
    public static final String GAME_OVER = "game_over";
    public static final String LIFE_LOST = "life_lost";
    public static final String TRUNCATED = "truncated";
    public static final String LIVES = "lives";
    public static final String EPISODE_FRAME = "episode_frame";
    public static final String EPSILON = "epsilon";
    public static final String SOURCE = "source";
    public static final String POLICY_SNAPSHOT = "policy_snapshot";

    /** The columns stored in each file, in order (without the partition column). */
    public static final StructType FILE_SCHEMA = new StructType(new StructField[] {
        field(RUN, StringType, false),
        field(ACTOR, IntegerType, false),
        field(EPISODE_ID, LongType, false),
        field(EPISODE_STEP, IntegerType, false),
        field(FRAME, BinaryType, false),
        field(NEXT_FRAME, BinaryType, true),
        field(ACTION, IntegerType, false),
        field(NATIVE_ACTION, IntegerType, false),
        field(REWARD, FloatType, false),
        field(GAME_OVER, BooleanType, false),
        field(LIFE_LOST, BooleanType, false),
        field(TRUNCATED, BooleanType, false),
        field(LIVES, IntegerType, false),
        field(EPISODE_FRAME, IntegerType, false),
        field(EPSILON, FloatType, false),
        field(SOURCE, StringType, false),
        field(POLICY_SNAPSHOT, StringType, true),
    });

    /** The table as read: the file columns plus {@code iteration} from the directory names. */
    public static final StructType TABLE_SCHEMA = FILE_SCHEMA.add(field(ITERATION, IntegerType, false));

    private TransitionSchema() {
    }

    static StructField field(String name, org.apache.spark.sql.types.DataType type, boolean nullable) {
        return DataTypes.createStructField(name, type, nullable);
    }

    /** A file row (no {@code iteration}) in {@link #FILE_SCHEMA}'s order; an absent value is a null column. */
    public static Row toFileRow(Transition t) {
        return RowFactory.create(t.run(), t.actor(), t.episodeId(), t.episodeStep(), t.frame(), t.nextFrame(),
                t.action(), t.nativeAction(), t.reward(), t.gameOver(), t.lifeLost(), t.truncated(), t.lives(),
                t.episodeFrame(), t.epsilon(), t.source(), t.policySnapshot().orElse(null));
    }

    /** A row of the table (any column order) back into a transition. */
    public static Transition fromRow(Row row) {
        return new Transition(row.getAs(RUN), row.<Integer>getAs(ITERATION), row.<Integer>getAs(ACTOR),
                row.<Long>getAs(EPISODE_ID), row.<Integer>getAs(EPISODE_STEP), row.getAs(FRAME), row.getAs(NEXT_FRAME),
                row.<Integer>getAs(ACTION), row.<Integer>getAs(NATIVE_ACTION), row.<Float>getAs(REWARD),
                row.<Boolean>getAs(GAME_OVER), row.<Boolean>getAs(LIFE_LOST), row.<Boolean>getAs(TRUNCATED),
                row.<Integer>getAs(LIVES), row.<Integer>getAs(EPISODE_FRAME), row.<Float>getAs(EPSILON),
                row.getAs(SOURCE), Optional.ofNullable(row.getAs(POLICY_SNAPSHOT)));
    }
}
