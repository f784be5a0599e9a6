package org.dqnspark.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.dqnspark.core.UserError;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.Environment;
import org.dqnspark.core.env.Game;
import org.dqnspark.core.env.Games;
import org.dqnspark.core.env.StepOutcome;
import org.dqnspark.core.policy.PlayingPolicy;
import org.dqnspark.core.store.EpisodeIds;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.core.store.StoreTables;
import org.dqnspark.core.store.Transition;
import org.dqnspark.core.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Episodes recorded outside a collect, on real Spark and Parquet: as a collect's rows, and never undone by recovery. */
class EpisodeWriterTest {
    private static final Game BREAKOUT = Games.builtIn("minatar:breakout");

    @TempDir
    Path store;

    private RunStore run() {
        return new RunStore(RunLayout.of(store.toString(), "mine"), new Configuration());
    }

    /** One whole episode of random play, its first {@code humanSteps} steps marked as a person's. */
    private static List<Transition> episode(int iteration, int humanSteps, long seed) {
        List<Transition> steps = new ArrayList<>();
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        try (Environment environment = BREAKOUT.open(CollectSettings.from(Settings.defaults()).environment(), seed)) {
            environment.reset();
            for (int step = 0; ; step++) {
                byte[] frame = environment.observation().clone();
                int action = random.nextInt(environment.actionCount());
                StepOutcome outcome = environment.step(action);
                boolean human = step < humanSteps;
                steps.add(new Transition("mine", iteration, 0, EpisodeIds.of(iteration, 0, 0), step, frame,
                        outcome.episodeEnded() ? environment.observation().clone() : null, action,
                        environment.nativeAction(action), outcome.reward(), outcome.gameOver(), outcome.lifeLost(),
                        outcome.truncated(), environment.lives(), environment.episodeFrames(), human ? 0f : 1f,
                        human ? Transition.SOURCE_HUMAN : Transition.SOURCE_RANDOM, Optional.empty()));
                if (outcome.episodeEnded()) {
                    return steps;
                }
            }
        }
    }

    private EpisodeWriter writer() {
        return new EpisodeWriter(TestSpark.session(), run(), BREAKOUT, 3, new org.dqnspark.core.env.FrameShape(4, 10,
                10));
    }

    @Test
    void eachCommitIsOneIterationWithTheEpisodesRowAndAPlayConfAndAMixedEpisodeSaysMixed() {
        EpisodeWriter writer = writer();
        List<Transition> human = episode(writer.nextIteration(), Integer.MAX_VALUE, 1);
        assertEquals(0, writer.commit(human, "# session 1\n"));
        List<Transition> mixed = episode(writer.nextIteration(), 3, 2);
        assertEquals(1, writer.commit(mixed, "# session 1\n"));

        RunStore run = run();
        assertEquals(List.of(0, 1), run.recordedIterations());
        assertEquals(List.of(), run.collectedIterations());
        assertTrue(Files.exists(store.resolve("mine/conf/play-0.conf")));
        StoreTables.register(TestSpark.session(), store.toString());
        List<Row> episodes = TestSpark.session().sql("SELECT iteration, source, agent_steps FROM episodes"
                + " ORDER BY iteration").collectAsList();
        assertEquals(2, episodes.size());
        assertEquals("human", episodes.get(0).getString(1));
        assertEquals(human.size(), episodes.get(0).getInt(2));
        assertEquals("mixed", episodes.get(1).getString(1));
        assertEquals(human.size() + mixed.size(), TestSpark.session().sql("SELECT * FROM transitions").count());
        assertEquals(3, TestSpark.session().sql("SELECT * FROM transitions WHERE iteration = 1 AND source = 'human'")
                .count());
    }

    @Test
    void aCyclesRecoveryRemovesOnlyCollectedIterationsAndTheScheduleCountsOnlyCollectedAgentSteps() {
        Settings settings = Settings.withOverrides(List.of("dqn.collect.agent-steps=200", "dqn.collect.actors=1"));
        CollectJob collect = new CollectJob(TestSpark.session(), new PrintStream(new ByteArrayOutputStream(), true));
        collect.run(new CollectRequest(BREAKOUT, RunLayout.of(store.toString(), "mine"), new PlayingPolicy.Random(),
                CollectSettings.from(settings), settings));
        EpisodeWriter writer = writer();
        List<Transition> played = episode(writer.nextIteration(), Integer.MAX_VALUE, 3);
        writer.commit(played, "# played\n");
        collect.run(new CollectRequest(BREAKOUT, RunLayout.of(store.toString(), "mine"), new PlayingPolicy.Random(),
                CollectSettings.from(settings), settings));

        RunStore run = run();
        assertEquals(List.of(0, 1, 2), run.committedIterations());
        assertEquals(List.of(1), run.recordedIterations());
        assertEquals(400, StoreTables.collectedAgentSteps(TestSpark.session(), run));
        assertEquals(400 + played.size(), StoreTables.agentSteps(TestSpark.session(), run));

        // A cycle's collect stage that started before iteration 1 is undone: the person's episode stays.
        run.discardIterationsFrom(1);
        assertEquals(List.of(0, 1), run.committedIterations());
        assertEquals(List.of(1), run.recordedIterations());
        assertEquals(200, StoreTables.collectedAgentSteps(TestSpark.session(), run));
        assertTrue(Files.exists(store.resolve("mine/episodes/iteration=1")));
        assertEquals(2, run.nextIteration(), "the next collect goes after the recorded episode");
    }

    @Test
    void aRunOfAnotherGameIsRefusedBeforeAnythingIsPlayed() {
        writer().commit(episode(0, Integer.MAX_VALUE, 4), "# played\n");
        UserError e = assertThrows(UserError.class, () -> new EpisodeWriter(TestSpark.session(), run(),
                Games.builtIn("minatar:freeway"), 3, new org.dqnspark.core.env.FrameShape(7, 10, 10)));
        assertTrue(e.getMessage().contains("Use a new --run name for another game"), e.getMessage());
    }
    @Test
    void aBatchCommitsAllItsIterationsTogetherAndABatchClosedUncommittedLeavesNothing() {
        EpisodeWriter writer = writer();
        try (EpisodeWriter.Batch batch = writer.batch("import")) {
            assertEquals(0, batch.add(episode(batch.nextIteration(), Integer.MAX_VALUE, 5), "# trial a\n"));
            assertEquals(1, batch.add(episode(batch.nextIteration(), Integer.MAX_VALUE, 6), "# trial b\n"));
            assertEquals(List.of(), run().committedIterations(), "staged, not committed");
        }
        assertEquals(List.of(), run().committedIterations(), "closed without a commit: nothing");

        try (EpisodeWriter.Batch batch = writer.batch("import")) {
            batch.add(episode(batch.nextIteration(), Integer.MAX_VALUE, 5), "# trial a\n");
            batch.add(episode(batch.nextIteration(), Integer.MAX_VALUE, 6), "# trial b\n");
            assertEquals(List.of(0, 1), batch.commit());
        }
        assertEquals(List.of(0, 1), run().recordedIterations());
        assertEquals(List.of(), run().iterationsMissingEpisodes());
        assertTrue(Files.exists(store.resolve("mine/conf/play-1.conf")));
    }
}
