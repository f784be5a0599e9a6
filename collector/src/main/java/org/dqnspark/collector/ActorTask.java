package org.dqnspark.collector;

import java.io.Serializable;
import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.dqnspark.core.Seeds;
import org.dqnspark.core.env.Game;
import org.dqnspark.core.env.Environment;
import org.dqnspark.core.policy.PlayingPolicy;
import org.dqnspark.core.policy.Policy;
import org.dqnspark.core.spark.PausePoints;
import org.dqnspark.core.store.TransitionSchema;

/**
 * The body of one actor's Spark task: builds the emulator and the policy on the executor, and streams
 * the actor's transitions as Parquet file rows. Counts steps, frames and episodes into accumulators.
 */
final class ActorTask implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String run;
    private final int iteration;
    private final Game game;
    private final PlayingPolicy playing;
    private final CollectSettings settings;
    /** The exploration rate of the whole collect (the schedule's value when it started). */
    private final double epsilon;
    private final LongAccumulator steps;
    private final LongAccumulator frames;
    private final LongAccumulator episodes;
    private final DoubleAccumulator returns;

    ActorTask(String run, int iteration, Game game, PlayingPolicy playing, CollectSettings settings, double epsilon,
              LongAccumulator steps, LongAccumulator frames, LongAccumulator episodes, DoubleAccumulator returns) {
        this.run = run;
        this.iteration = iteration;
        this.game = game;
        this.playing = playing;
        this.settings = settings;
        this.epsilon = epsilon;
        this.steps = steps;
        this.frames = frames;
        this.episodes = episodes;
        this.returns = returns;
    }

    Iterator<Row> rows(int actor) {
        long seed = Seeds.derive(settings.seed(), iteration, actor);
        Environment environment = game.open(settings.environment(), Seeds.derive(seed, 0));
        Policy policy = playing.open(environment, Seeds.derive(seed, 1));
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener(context -> {
                policy.close();
                environment.close();
            });
        }
        Actor actorLoop = new Actor(run, iteration, actor, environment, policy, epsilon,
                Seeds.derive(seed, 2), settings.agentStepsOf(actor), settings.historyLength(), new Actor.Listener() {
                    @Override
                    public void onReset(int noopFrames) {
                        frames.add(noopFrames);
                    }

                    @Override
                    public void onStep(int stepFrames) {
                        steps.add(1);
                        frames.add(stepFrames);
                    }

                    @Override
                    public void onEpisodeEnd(double episodeReturn) {
                        episodes.add(1);
                        returns.add(episodeReturn);
                    }
                });
        return new Iterator<>() {
            private long stepsPlayed;

            @Override
            public boolean hasNext() {
                // A cancelled job (or a killed task) stops here, at the next step.
                if (task != null) {
                    task.killTaskIfInterrupted();
                }
                return actorLoop.hasNext();
            }

            @Override
            public Row next() {
                Row row = TransitionSchema.toFileRow(actorLoop.next());
                PausePoints.reach(PausePoints.COLLECT_ACTOR_STEP, ++stepsPlayed);
                return row;
            }
        };
    }
}
