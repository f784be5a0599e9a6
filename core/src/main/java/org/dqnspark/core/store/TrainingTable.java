package org.dqnspark.core.store;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code training} table, {@code <run>/training/epoch=<k>/}: one row per epoch with simple_dqn's
 * statistics (its Statistics class), each column named by its unit. simple_dqn's own names, where ours
 * differ: {@code steps} is our {@code agent_steps}, {@code total_train_steps} our {@code total_updates},
 * {@code weight_updates} our {@code updates}, {@code steps_per_second} our {@code updates_per_second}.
 * <ul>
 * <li>{@code agent_steps}: agent steps (transitions) in the run's store when the epoch ended;
 * <li>{@code nr_games}, {@code average_reward}, {@code min_game_reward}, {@code max_game_reward}:
 *     finished episodes of the newest collect iteration in the replay window (raw game scores);
 * <li>{@code last_exploration_rate}: mean epsilon of that iteration's transitions;
 * <li>{@code total_updates}: parameter updates since the run began; {@code updates}: in this epoch;
 * <li>{@code replay_memory_count}: transitions in the replay window;
 * <li>{@code meanq}: mean over the run's held-out states of max_a Q(s, a) (the Nature paper's Q curves);
 * <li>{@code meancost}: mean clipped-TD loss over the epoch's updates;
 * <li>{@code total_time}, {@code epoch_time}: seconds of training, over the run and in this epoch;
 * <li>{@code updates_per_second}: in this epoch;
 * <li>{@code phase}: {@code train}, or {@code pretrain} for Deep Q-learning from Demonstrations' pre-training on
 *     demonstrations alone ({@code dqn train --pretrain});
 * <li>{@code demonstration_agreement}: with demonstrations on ({@code dqn.demonstrations.enabled}), the share of
 *     demonstration states (a sample drawn once per train job) on which the greedy action is the human's; null
 *     otherwise, and in tables written before the column existed.
 * </ul>
 * {@code epoch} is the partition column, from the directory name.
 */
public final class TrainingTable {
    public static final StructType FILE_SCHEMA = new StructType(new StructField[] {
        TransitionSchema.field("run", StringType, false),
        TransitionSchema.field("snapshot", StringType, false),
        TransitionSchema.field("phase", StringType, false),
        TransitionSchema.field("agent_steps", LongType, false),
        TransitionSchema.field("nr_games", LongType, false),
        TransitionSchema.field("average_reward", DoubleType, true),
        TransitionSchema.field("min_game_reward", DoubleType, true),
        TransitionSchema.field("max_game_reward", DoubleType, true),
        TransitionSchema.field("last_exploration_rate", DoubleType, false),
        TransitionSchema.field("total_updates", LongType, false),
        TransitionSchema.field("replay_memory_count", LongType, false),
        TransitionSchema.field("meanq", DoubleType, false),
        TransitionSchema.field("meancost", DoubleType, false),
        TransitionSchema.field("updates", LongType, false),
        TransitionSchema.field("total_time", DoubleType, false),
        TransitionSchema.field("epoch_time", DoubleType, false),
        TransitionSchema.field("updates_per_second", DoubleType, false),
        TransitionSchema.field("demonstration_agreement", DoubleType, true),
    });

    private TrainingTable() {
    }

    /** One epoch's statistics. */
    public record EpochRow(String run, int epoch, String snapshot, String phase, long agentSteps, long games,
                           Double averageReward, Double minGameReward, Double maxGameReward, double explorationRate,
                           long totalUpdates, long replaySize, double meanQ, double meanCost, long updates,
                           double totalSeconds, double epochSeconds, Double demonstrationAgreement) {
        public Row toFileRow() {
            return RowFactory.create(run, snapshot, phase, agentSteps, games, averageReward, minGameReward,
                    maxGameReward, explorationRate, totalUpdates, replaySize, meanQ, meanCost, updates, totalSeconds,
                    epochSeconds, updates / epochSeconds, demonstrationAgreement);
        }
    }
}
