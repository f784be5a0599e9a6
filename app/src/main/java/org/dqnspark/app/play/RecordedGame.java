package org.dqnspark.app.play;

import java.util.Optional;
import java.util.SplittableRandom;
import org.dqnspark.core.env.Environment;
import org.dqnspark.core.env.ScreenWatcher;
import org.dqnspark.core.env.StepOutcome;
import org.dqnspark.core.policy.PlayingPolicy;
import org.dqnspark.core.policy.SnapshotPolicy;
import org.dqnspark.core.state.FrameHistory;

/**
 * One evaluation game for {@code dqn record}, under the Nature protocol as the evaluator plays it: the
 * environment's random no-op start, epsilon-greedy around the snapshot (uniform for the random policy), to game
 * over or the frame cap; a watcher sees every frame from the start screen on.
 */
public final class RecordedGame {
    /** The game's score, its emulator frames since the reset (no-ops included), and its agent steps. */
    public record Result(double score, int frames, int agentSteps, boolean truncated) {
    }

    private RecordedGame() {
    }

    public static Result play(Environment environment, PlayingPolicy policy, double configuredEpsilon,
                              int historyLength, long seed, ScreenWatcher watcher) {
        SplittableRandom random = new SplittableRandom(seed);
        Optional<SnapshotPolicy> network = policy.network(environment.frameShape());
        double epsilon = policy.epsilon(configuredEpsilon);
        FrameHistory state = new FrameHistory(historyLength, environment.frameBytes());
        environment.watchScreens(watcher);
        try {
            environment.reset();
            state.reset(environment.observation());
            double score = 0;
            for (int steps = 1; ; steps++) {
                int action = network.isEmpty() || random.nextDouble() < epsilon
                        ? random.nextInt(environment.actionCount()) : network.get().greedyAction(state);
                StepOutcome outcome = environment.step(action);
                score += outcome.reward();
                if (outcome.episodeEnded()) {
                    return new Result(score, environment.episodeFrames(), steps, outcome.truncated());
                }
                state.push(environment.observation());
            }
        } finally {
            environment.watchScreens(ScreenWatcher.NONE);
        }
    }
}
