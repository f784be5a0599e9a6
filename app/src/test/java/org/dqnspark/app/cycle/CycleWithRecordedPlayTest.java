package org.dqnspark.app.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.app.Dqn;
import org.dqnspark.app.cycle.CycleJournal.Stage;
import org.dqnspark.collector.CollectSettings;
import org.dqnspark.collector.EpisodeWriter;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.Environment;
import org.dqnspark.core.env.Game;
import org.dqnspark.core.env.Games;
import org.dqnspark.core.env.StepOutcome;
import org.dqnspark.core.store.EpisodeIds;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.core.store.StoreTables;
import org.dqnspark.core.store.Transition;
import org.dqnspark.core.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A person's recorded play ({@code dqn play}) in a run the cycle job also runs: never undone, never counted. */
class CycleWithRecordedPlayTest {
    private static final Game BREAKOUT = Games.builtIn("minatar:breakout");

    @TempDir
    Path store;

    /** One whole game of MinAtar Breakout as a person's, played at random, for iteration {@code iteration}. */
    private static List<Transition> humanEpisode(int iteration, long seed) {
        List<Transition> steps = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        try (Environment environment = BREAKOUT.open(CollectSettings.from(Settings.defaults()).environment(), seed)) {
            environment.reset();
            for (int step = 0; ; step++) {
                byte[] frame = environment.observation().clone();
                int action = random.nextInt(environment.actionCount());
                StepOutcome outcome = environment.step(action);
                steps.add(new Transition("loop", iteration, 0, EpisodeIds.of(iteration, 0, 0), step, frame,
                        outcome.episodeEnded() ? environment.observation().clone() : null, action,
                        environment.nativeAction(action), outcome.reward(), outcome.gameOver(), outcome.lifeLost(),
                        outcome.truncated(), environment.lives(), environment.episodeFrames(), 0f,
                        Transition.SOURCE_HUMAN, Optional.empty()));
                if (outcome.episodeEnded()) {
                    return steps;
                }
            }
        }
    }

    @Test
    void aCycleInterruptedBeforeAPersonPlayedKeepsTheirEpisodesAndCountsOnlyWhatItsOwnCollectsPlayed() {
        RunStore run = new RunStore(RunLayout.of(store.toString(), "loop"), new Configuration());
        // A cycle killed just after its collect stage started, before it committed anything...
        new CycleJournal(run).markStarted(1, Stage.COLLECT, Map.of("iteration", 0));
        // ...then a person played two games into the run.
        EpisodeWriter writer = new EpisodeWriter(TestSpark.session(), run, BREAKOUT, 3,
                new org.dqnspark.core.env.FrameShape(4, 10, 10));
        int humanSteps = 0;
        for (int game = 0; game < 2; game++) {
            List<Transition> episode = humanEpisode(writer.nextIteration(), game);
            writer.commit(episode, "# a person's game\n");
            humanSteps += episode.size();
        }

        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        int code = Dqn.execute(new String[] {"cycle", "--game", "minatar:breakout", "--store", store.toString(), "--run",
            "loop", "--cycles", "1", "--master", "local[2]",
            "--conf", Path.of("..", "conf", "minatar.conf").toAbsolutePath().normalize().toString(),
            "--set", "dqn.cycle.agent-steps=600", "--set", "dqn.train.replay-start-size=300",
            "--set", "dqn.train.update-frequency=50", "--set", "dqn.train.updates-per-fit=3",
            "--set", "dqn.train.held-out-states=50", "--set", "dqn.evaluate.games=2",
            "--set", "dqn.environment.evaluation-max-frames-per-episode=500"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, err.toString());

        SparkSession spark = TestSpark.session();
        StoreTables.register(spark, store.toString());
        assertEquals(humanSteps, spark.sql("SELECT * FROM transitions WHERE source = 'human'").count(),
                "the recovery of the interrupted collect removed none of the person's steps");
        assertEquals(List.of(0, 1), run.recordedIterations());
        Row cycle = spark.sql("SELECT iteration, collected_agent_steps, agent_steps, epsilon FROM cycles")
                .collectAsList().get(0);
        // The whole random replay start (300) and the cycle's 600: the person's steps stand in for neither.
        assertEquals(2, cycle.getInt(0));
        assertEquals(900L, cycle.getLong(1));
        assertEquals(900L, cycle.getLong(2), "the cycle's agent steps count its collects only");
        assertEquals(1.0, cycle.getDouble(3));
        assertTrue(spark.sql("SELECT * FROM transitions WHERE iteration = 2 AND source = 'random'").count() == 900);
    }
}
