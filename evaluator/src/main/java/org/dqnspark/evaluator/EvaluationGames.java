package org.dqnspark.evaluator;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.spark.util.LongAccumulator;
import org.dqnspark.core.Seeds;
import org.dqnspark.core.env.Environment;
import org.dqnspark.core.env.Game;
import org.dqnspark.core.env.StepOutcome;
import org.dqnspark.core.policy.PlayingPolicy;
import org.dqnspark.core.policy.SnapshotPolicy;
import org.dqnspark.core.spark.PausePoints;
import org.dqnspark.core.state.FrameHistory;

/**
 * The body of an evaluation task: loads the policy once, then plays its share of the games, each to game
 * over or the frame cap (a life lost does not end it), epsilon-greedily around the snapshot's greedy
 * action, or uniformly at random for the random baseline.
 */
final class EvaluationGames implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Game game;
    private final PlayingPolicy policy;
    private final EvaluateSettings settings;
    /** Games finished and frames played so far, for the driver's progress lines. */
    private final LongAccumulator gamesDone;
    private final LongAccumulator framesPlayed;

    EvaluationGames(Game game, PlayingPolicy policy, EvaluateSettings settings, LongAccumulator gamesDone,
                    LongAccumulator framesPlayed) {
        this.game = game;
        this.policy = policy;
        this.settings = settings;
        this.gamesDone = gamesDone;
        this.framesPlayed = framesPlayed;
    }

    /** Plays the games of one task, loading the snapshot's network once for all of them. */
    Iterator<GameResult> play(Iterator<Integer> games) {
        List<GameResult> results = new ArrayList<>();
        Optional<SnapshotPolicy> network = Optional.empty();
        for (boolean first = true; games.hasNext(); first = false) {
            int index = games.next();
            long seed = Seeds.derive(settings.seed(), index);
            try (Environment environment = game.open(settings.environment(), Seeds.derive(seed, 0))) {
                // Loaded with the first game's environment, which knows the frames, for all the task's games.
                if (first) {
                    network = policy.network(environment.frameShape());
                }
                results.add(play(index, seed, environment, network));
            }
            PausePoints.reach(PausePoints.EVALUATE_TASK_GAME, results.size());
        }
        return results.iterator();
    }

    private GameResult play(int game, long seed, Environment environment, Optional<SnapshotPolicy> network) {
        SplittableRandom random = new SplittableRandom(Seeds.derive(seed, 1));
        FrameHistory state = new FrameHistory(settings.historyLength(), environment.frameBytes());
        int noops = environment.reset();
        state.reset(environment.observation());
        double score = 0;
        double maxQSum = 0;
        int steps = 0;
        while (true) {
            int action;
            if (network.isEmpty()) {
                action = random.nextInt(environment.actionCount());
            } else {
                float[] q = network.get().qValues(state);
                maxQSum += q[SnapshotPolicy.argMax(q)];
                action = random.nextDouble() < policy.epsilon(settings.epsilon())
                        ? random.nextInt(environment.actionCount()) : SnapshotPolicy.argMax(q);
            }
            StepOutcome outcome = environment.step(action);
            score += outcome.reward();
            steps++;
            framesPlayed.add(outcome.frames());
            if (outcome.episodeEnded()) {
                gamesDone.add(1);
                return new GameResult(game, seed, noops, score, environment.episodeFrames(), outcome.truncated(),
                        network.isEmpty() ? Double.NaN : maxQSum / steps);
            }
            state.push(environment.observation());
        }
    }
}
