package org.dqnspark.core.learning;

import org.dqnspark.core.policy.SnapshotPolicy;

/**
 * The regression targets of one DQN minibatch, from the rewards, the terminal flags and the Q-values of
 * the next states. A pure function on plain arrays: the learner runs the networks, this does the arithmetic.
 *
 * <p>Nature DQN (Mnih et al. 2015, Algorithm 1), with {@code r} clipped to [-1, 1]:
 * <pre>
 *   y_j = clip(r_j, -1, 1) + gamma * (1 - terminal_j) * max_a' Q_target(s'_j, a')
 * </pre>
 * Double DQN (van Hasselt, Guez and Silver 2016, equation 4) lets the online network choose the action
 * and the target network value it, which removes most of max's overestimation:
 * <pre>
 *   y_j = clip(r_j, -1, 1) + gamma * (1 - terminal_j) * Q_target(s'_j, argmax_a' Q_online(s'_j, a'))
 * </pre>
 * A terminal step does not read its next-state row at all, so that row may hold anything (even NaN).
 * "Terminal" means the game really ended there; a step cut off by a frame cap is not terminal.
 */
public final class TdTargets {
    /**
     * Nature's reward clip (the default of {@code dqn.train.reward-clip}). Nature, Methods: "As the scale of
     * scores varies greatly from game to game, we clipped all positive rewards at 1 and all negative rewards
     * at -1, leaving 0 rewards unchanged."
     */
    public static final float NATURE_REWARD_CLIP = 1.0f;

    /** How the value of the next state is estimated. */
    public enum Rule {
        /** max over the target network's Q-values (Nature DQN). */
        NATURE_DQN,
        /** the target network's Q-value at the online network's argmax (Double DQN). */
        DOUBLE_DQN
    }

    private TdTargets() {
    }

    /** Nature DQN targets: see the class comment. {@code qTargetNext} is row-major, B rows of A actions. */
    public static float[] natureDqn(float[] rewards, boolean[] terminal, float gamma, float[] qTargetNext) {
        return compute(Rule.NATURE_DQN, rewards, terminal, gamma, NATURE_REWARD_CLIP, qTargetNext, null);
    }

    /**
     * Double DQN targets: see the class comment. Both Q arrays are row-major, B rows of A actions; ties in
     * the online argmax go to the lowest action index.
     */
    public static float[] doubleDqn(float[] rewards, boolean[] terminal, float gamma, float[] qTargetNext,
            float[] qOnlineNext) {
        return compute(Rule.DOUBLE_DQN, rewards, terminal, gamma, NATURE_REWARD_CLIP, qTargetNext, qOnlineNext);
    }

    /**
     * The targets under {@code rule}.
     *
     * @param rewards     raw (unclipped) rewards, length B
     * @param terminal    whether step j ended the game, length B
     * @param gamma       the discount, in [0, 1]
     * @param rewardClip  rewards are clipped to [-rewardClip, rewardClip] (Nature: 1)
     * @param qTargetNext Q_target(s'_j, a), row-major [B, A]
     * @param qOnlineNext Q_online(s'_j, a), row-major [B, A]; only read under {@link Rule#DOUBLE_DQN}, may be
     *                    null otherwise
     * @return y, length B
     */
    public static float[] compute(Rule rule, float[] rewards, boolean[] terminal, float gamma, float rewardClip,
            float[] qTargetNext, float[] qOnlineNext) {
        int batch = rewards.length;
        if (terminal.length != batch) {
            throw new IllegalArgumentException("rewards has " + batch + " entries, terminal " + terminal.length);
        }
        if (!(gamma >= 0f && gamma <= 1f)) {
            throw new IllegalArgumentException("gamma must be in [0, 1], got " + gamma);
        }
        int actions = actionsPerRow(qTargetNext, batch, "qTargetNext");
        if (rule == Rule.DOUBLE_DQN && actionsPerRow(qOnlineNext, batch, "qOnlineNext") != actions) {
            throw new IllegalArgumentException("qOnlineNext and qTargetNext differ in length: "
                    + qOnlineNext.length + " vs " + qTargetNext.length);
        }
        float[] y = new float[batch];
        for (int j = 0; j < batch; j++) {
            double target = clipReward(rewards[j], rewardClip);
            if (!terminal[j]) {
                int row = j * actions;
                int a = SnapshotPolicy.argMax(rule == Rule.DOUBLE_DQN ? qOnlineNext : qTargetNext, row, actions);
                target += (double) gamma * qTargetNext[row + a];
            }
            y[j] = (float) target;
        }
        return y;
    }

    /**
     * n-step targets (Hester et al. 2018, DQfD, section 3: "the n-step return (with n = 10) ... r_t + gamma r_t+1
     * + ... + gamma^(n-1) r_t+n-1 + max_a gamma^n Q(s_t+n, a)"), the last state valued under {@code rule}:
     * <pre>
     *   y_j = sum_{i &lt; k_j} gamma^i clip(r_j,i) + (1 - terminal_j) gamma^k_j V(s_j,k_j)
     * </pre>
     * where k_j, the length of {@code rewards[j]}, is n or fewer where the episode (or the stored part of it)
     * ended first, and V is as in {@link #compute}.
     *
     * @param rewards   raw rewards of the k_j steps from step j on, k_j &gt;= 1
     * @param terminal  whether step j + k_j - 1 ended the bootstrap
     * @param qTargetLast Q_target of the state after step j + k_j - 1, row-major [B, A]
     * @param qOnlineLast Q_online of it, only read under {@link Rule#DOUBLE_DQN}
     */
    public static float[] nStep(Rule rule, float[][] rewards, boolean[] terminal, float gamma, float rewardClip,
            float[] qTargetLast, float[] qOnlineLast) {
        int batch = rewards.length;
        float[] firstReward = new float[batch];
        float[] discount = new float[batch];
        for (int j = 0; j < batch; j++) {
            if (rewards[j].length == 0) {
                throw new IllegalArgumentException("an n-step return of row " + j + " has no reward");
            }
            double sum = 0;
            double power = 1;
            for (float r : rewards[j]) {
                sum += power * clipReward(r, rewardClip);
                power *= gamma;
            }
            firstReward[j] = (float) sum;
            discount[j] = (float) power;
        }
        // The 1-step rule with the summed rewards as the reward (no clip: they are clipped) and gamma^k_j per row.
        float[] valued = compute(rule, new float[batch], terminal, 1f, Float.MAX_VALUE, qTargetLast, qOnlineLast);
        float[] y = new float[batch];
        for (int j = 0; j < batch; j++) {
            y[j] = firstReward[j] + (terminal[j] ? 0f : discount[j] * valued[j]);
        }
        return y;
    }

    /** clip(r, -clip, clip); NaN stays NaN so that a corrupt reward shows up rather than vanishing. */
    public static float clipReward(float reward, float clip) {
        return Math.max(-clip, Math.min(clip, reward));
    }

    private static int actionsPerRow(float[] q, int batch, String name) {
        if (q == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        if (batch == 0) {
            if (q.length != 0) {
                throw new IllegalArgumentException(name + " has " + q.length + " entries for an empty batch");
            }
            return 0;
        }
        if (q.length == 0 || q.length % batch != 0) {
            throw new IllegalArgumentException(name + " has " + q.length + " entries, not a positive multiple of the "
                    + "batch size " + batch);
        }
        return q.length / batch;
    }
}
