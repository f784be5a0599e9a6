package org.dqnspark.core.policy;

import java.util.SplittableRandom;
import org.dqnspark.core.state.FrameHistory;

/** Uniformly random actions: Nature's replay-start play and the baseline every Atari table reports. */
public final class RandomPolicy implements Policy {
    private final int actionCount;
    private final SplittableRandom random;

    public RandomPolicy(int actionCount, long seed) {
        this.actionCount = actionCount;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public int greedyAction(FrameHistory state) {
        return random.nextInt(actionCount);
    }

    @Override
    public PlayingPolicy playing() {
        return new PlayingPolicy.Random();
    }
}
