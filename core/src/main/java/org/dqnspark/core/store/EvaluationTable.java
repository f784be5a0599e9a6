package org.dqnspark.core.store;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code evaluations} table, {@code <run>/evaluations/evaluation=<k>/}: one row per evaluation game.
 * {@code evaluation} (the k-th evaluate job of the run) is the partition column.
 * <ul>
 * <li>{@code snapshot}: {@code epoch-<n>}, a snapshot file's name, or {@code random};
 * <li>{@code epoch}: the snapshot's epoch, null for the random policy or a file;
 * <li>{@code policy}: {@code snapshot} or {@code random}; {@code epsilon}: its exploration rate;
 * <li>{@code game}: index 0..games-1; {@code seed}: the game's own seed; {@code noop_frames}: no-op frames
 *     before the first observation;
 * <li>{@code score}: raw game score; {@code frames}: emulator frames played; {@code truncated}: the
 *     frame cap ended it;
 * <li>{@code mean_max_q}: mean over the game's steps of max_a Q(s, a), null for the random policy.
 * </ul>
 */
public final class EvaluationTable {
    public static final StructType FILE_SCHEMA = new StructType(new StructField[] {
        TransitionSchema.field("run", StringType, false),
        TransitionSchema.field("snapshot", StringType, false),
        TransitionSchema.field("epoch", IntegerType, true),
        TransitionSchema.field("policy", StringType, false),
        TransitionSchema.field("epsilon", DoubleType, false),
        TransitionSchema.field("game", IntegerType, false),
        TransitionSchema.field("seed", LongType, false),
        TransitionSchema.field("noop_frames", IntegerType, false),
        TransitionSchema.field("score", DoubleType, false),
        TransitionSchema.field("frames", IntegerType, false),
        TransitionSchema.field("truncated", BooleanType, false),
        TransitionSchema.field("mean_max_q", DoubleType, true),
    });

    private EvaluationTable() {
    }
}
