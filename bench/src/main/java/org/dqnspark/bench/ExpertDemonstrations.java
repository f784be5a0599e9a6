package org.dqnspark.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.collector.EpisodeWriter;
import org.dqnspark.core.Seeds;
import org.dqnspark.core.env.Environment;
import org.dqnspark.core.env.EnvironmentSettings;
import org.dqnspark.core.env.Game;
import org.dqnspark.core.env.StepOutcome;
import org.dqnspark.core.store.EpisodeIds;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.core.store.Transition;

/**
 * {@link BreakoutExpert}'s play on MinAtar Breakout: recorded as a person's ({@code source = human}) through the
 * same path as {@code dqn play} ({@link EpisodeWriter}), and scored under the evaluation protocol.
 */
public final class ExpertDemonstrations {
    private ExpertDemonstrations() {
    }

    /** What was recorded: episodes, agent steps, and the episodes' mean score. */
    public record Recorded(int iteration, int episodes, long agentSteps, double meanScore) {
    }

    /**
     * Plays {@code episodes} episodes of at most {@code maxSteps} agent steps each (the cap ends one as truncated)
     * with the expert acting on every step, and commits them as one recorded iteration of {@code store}'s run.
     * The caller holds the run's writer lock.
     */
    public static Recorded record(SparkSession spark, RunStore store, Game game, EnvironmentSettings environment,
                                  int episodes, int maxSteps, long seed) {
        List<Transition> steps = new ArrayList<>();
        double scores = 0;
        try (Environment env = game.open(environment.withMaxFramesPerEpisode(maxSteps), seed)) {
            EpisodeWriter writer = new EpisodeWriter(spark, store, game, env.actionCount(), env.frameShape());
            int iteration = writer.nextIteration();
            for (int e = 0; e < episodes; e++) {
                long episodeId = EpisodeIds.of(iteration, 0, e);
                env.reset();
                boolean ended = false;
                for (int step = 0; !ended; step++) {
                    byte[] frame = env.observation().clone();
                    int action = BreakoutExpert.action(frame);
                    StepOutcome outcome = env.step(action);
                    ended = outcome.episodeEnded();
                    scores += outcome.reward();
                    steps.add(new Transition(store.layout().run(), iteration, 0, episodeId, step, frame,
                            ended ? env.observation().clone() : null, action, env.nativeAction(action),
                            outcome.reward(), outcome.gameOver(), outcome.lifeLost(), outcome.truncated(), env.lives(),
                            env.episodeFrames(), 0f, Transition.SOURCE_HUMAN, Optional.empty()));
                }
            }
            writer.commit(steps, "# bench: BreakoutExpert, " + episodes + " episodes of at most " + maxSteps
                    + " agent steps, seed " + seed + "\n");
            return new Recorded(iteration, episodes, steps.size(), scores / episodes);
        }
    }

    /**
     * The expert's mean score over {@code games} games under the evaluation protocol: {@code environment} as the
     * evaluator's (its sticky actions and frame cap), a random action with probability {@code epsilon}.
     */
    public static double score(Game game, EnvironmentSettings environment, int games, double epsilon, long seed) {
        double total = 0;
        for (int g = 0; g < games; g++) {
            long gameSeed = Seeds.derive(seed, g);
            SplittableRandom random = new SplittableRandom(Seeds.derive(gameSeed, 1));
            try (Environment env = game.open(environment, Seeds.derive(gameSeed, 0))) {
                env.reset();
                boolean ended = false;
                while (!ended) {
                    int action = random.nextDouble() < epsilon ? random.nextInt(env.actionCount())
                            : BreakoutExpert.action(env.observation());
                    StepOutcome outcome = env.step(action);
                    total += outcome.reward();
                    ended = outcome.episodeEnded();
                }
            }
        }
        return total / games;
    }
}
