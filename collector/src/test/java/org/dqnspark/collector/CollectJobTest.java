package org.dqnspark.collector;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.core.Seeds;
import org.dqnspark.core.UserError;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.Environment;
import org.dqnspark.core.env.FrameShape;
import org.dqnspark.core.env.Game;
import org.dqnspark.core.env.Games;
import org.dqnspark.core.env.RomFile;
import org.dqnspark.core.policy.PlayingPolicy;
import org.dqnspark.core.spark.PausePoints;
import org.dqnspark.core.state.EpisodeFrames;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.core.store.Transition;
import org.dqnspark.core.store.TransitionSchema;
import org.dqnspark.core.testing.TestRoms;
import org.dqnspark.core.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collect job end to end on MinAtar Breakout (built in, no ROM): real local[2] Spark, real Parquet.
 * What only ALE has (84 x 84 frames, lives) on real Breakout from $DQN_ROMS.
 */
class CollectJobTest {
    private static final Game MINATAR_BREAKOUT = Games.builtIn("minatar:breakout");
    /** MinAtar Breakout's frame: paddle, ball, trail and brick channels on its 10 x 10 grid. */
    private static final FrameShape MINATAR_BREAKOUT_FRAME = new FrameShape(4, 10, 10);
    /** The episode cap of these tests (MinAtar: agent steps; ALE: frames). */
    private static final int CAP = 2000;

    @TempDir
    Path store;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private static Settings settings(long steps, int actors, String... sets) {
        List<String> overrides = new ArrayList<>(List.of("dqn.collect.agent-steps=" + steps, "dqn.collect.actors=" + actors,
                "dqn.environment.max-frames-per-episode=" + CAP, "dqn.collect.progress-interval=1s"));
        overrides.addAll(List.of(sets));
        return Settings.withOverrides(overrides);
    }

    private CollectReport collect(String run, long steps, int actors, String... sets) {
        return collect(MINATAR_BREAKOUT, run, settings(steps, actors, sets));
    }

    private CollectReport collect(Game game, String run, Settings settings) {
        CollectRequest request = new CollectRequest(game, RunLayout.of(store.toString(), run),
                new PlayingPolicy.Random(), CollectSettings.from(settings), settings);
        return new CollectJob(TestSpark.session(), new PrintStream(printed, true)).run(request);
    }

    private Dataset<Row> table(String run, String name) {
        return TestSpark.session().read().parquet(store.resolve(run).resolve(name).toString());
    }

    @Test
    void twoActorsWriteEveryStepAsAValidRebuildableTransition() {
        Settings settings = settings(3000, 2);
        CollectReport report = collect(MINATAR_BREAKOUT, "demo", settings);
        assertEquals(0, report.iteration());
        assertEquals(3000, report.agentSteps());

        Dataset<Row> transitions = table("demo", "transitions");
        assertEquals(3000, transitions.count());
        assertEquals(0, transitions.where(col("iteration").notEqual(0)).count());
        assertEquals(0, transitions.where("length(frame) <> " + MINATAR_BREAKOUT_FRAME.bytes()).count(),
                "every frame is 4 x 10 x 10 bytes");
        assertEquals(Set.of(0, 1), new HashSet<>(transitions.select("actor").distinct().as(
                org.apache.spark.sql.Encoders.INT()).collectAsList()));

        Map<Long, List<Transition>> episodes = new LinkedHashMap<>();
        for (Row row : transitions.orderBy("episode_id", "episode_step").collectAsList()) {
            Transition t = TransitionSchema.fromRow(row);
            episodes.computeIfAbsent(t.episodeId(), id -> new ArrayList<>()).add(t);
        }
        Set<Integer> actorsOfIds = new HashSet<>();
        int finished = 0;
        for (List<Transition> episode : episodes.values()) {
            // ids are unique across actors: all of an id's rows come from one actor
            assertEquals(1, episode.stream().map(Transition::actor).distinct().count());
            actorsOfIds.add(episode.get(0).actor());
            long ends = episode.stream().filter(Transition::episodeEnded).count();
            assertTrue(ends <= 1, "at most one game over or truncation per episode");
            if (ends == 1) {
                finished++;
                assertTrue(episode.get(episode.size() - 1).episodeEnded(), "the end is the last step");
            }
            // checks steps contiguous from 0
            EpisodeFrames frames = new EpisodeFrames(episode, CollectSettings.from(settings).historyLength());
            for (int t = 0; t + 1 < episode.size(); t++) {
                assertArrayEquals(frames.stateAfter(t), frames.stateBefore(t + 1));
            }
        }
        assertEquals(Set.of(0, 1), actorsOfIds);
        assertEquals(finished, table("demo", "episodes").count(), "one episodes row per finished episode");
        assertEquals(report.episodes(), finished);
        assertTrue(finished >= 2, "3,000 steps of random MinAtar Breakout finish several games");
        assertTrue(printed.toString().contains("committed iteration 0"), printed.toString());
    }

    @Test
    void theEpisodesTableAgreesWithTheTransitions() {
        collect("agree", 2000, 2);
        Row sums = table("agree", "episodes").selectExpr("sum(agent_steps)", "sum(episode_return)", "sum(lives_lost)")
                .first();
        Row fromTransitions = table("agree", "transitions")
                .where("episode_id IN (SELECT episode_id FROM parquet.`" + store.resolve("agree/episodes") + "`)")
                .selectExpr("count(*)", "sum(reward)", "sum(CAST(life_lost AS INT))").first();
        assertEquals(fromTransitions.getLong(0), sums.getLong(0));
        assertEquals(fromTransitions.getDouble(1), sums.getDouble(1), 1e-9);
        assertEquals(fromTransitions.getLong(2), sums.getLong(2));
        assertEquals(0, table("agree", "episodes").where("NOT (game_over OR truncated)").count());
    }

    @Test
    void collectingAgainAppendsANewIterationAndSavesItsConfig() {
        collect("twice", 400, 2);
        CollectReport second = collect("twice", 600, 2, "dqn.collect.seed=5");
        assertEquals(1, second.iteration());
        Dataset<Row> transitions = table("twice", "transitions");
        assertEquals(400, transitions.where("iteration = 0").count());
        assertEquals(600, transitions.where("iteration = 1").count());
        assertEquals(0, transitions.groupBy("episode_id").count().where("count > " + CAP).count());
        Set<Long> first = new HashSet<>(transitions.where("iteration = 0").select("episode_id").distinct()
                .as(org.apache.spark.sql.Encoders.LONG()).collectAsList());
        Set<Long> later = new HashSet<>(transitions.where("iteration = 1").select("episode_id").distinct()
                .as(org.apache.spark.sql.Encoders.LONG()).collectAsList());
        first.retainAll(later);
        assertTrue(first.isEmpty(), "episode ids never repeat across iterations");
        Path conf = store.resolve("twice/conf/collect-1.conf");
        assertTrue(Files.isRegularFile(conf));
        assertEquals(5, Settings.load(conf, List.of()).getLong("dqn.collect.seed"));
        assertTrue(Files.isRegularFile(store.resolve("twice/game.properties")));
    }

    @Test
    void aPlainParquetReaderReadsTheShardsWithoutSpark() throws Exception {
        collect("plain", 500, 2);
        long rows = 0;
        List<Path> parts;
        try (Stream<Path> files = Files.walk(store.resolve("plain/transitions"))) {
            parts = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList();
        }
        assertEquals(2, parts.size(), "one shard per actor");
        for (Path part : parts) {
            try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
                    new org.apache.hadoop.fs.Path(part.toUri()), new Configuration()))) {
                rows += reader.getRecordCount();
                assertEquals(TransitionSchema.FILE_SCHEMA.size(), reader.getFileMetaData().getSchema().getFieldCount());
                assertEquals("ZSTD", reader.getRowGroups().get(0).getColumns().get(0).getCodec().name());
            }
        }
        assertEquals(500, rows);
    }

    /**
     * Every column of {@code table}'s rows but {@code run} (the two runs' names differ by construction; the
     * tables hold no timestamps), by name, in episode and step order, binary columns as hex.
     */
    private List<Map<String, Object>> rowsWithoutRun(String run, String table) {
        Dataset<Row> rows = table(run, table).drop("run");
        String[] thenBy = table.equals("transitions") ? new String[] {"episode_step"} : new String[0];
        List<Map<String, Object>> values = new ArrayList<>();
        for (Row row : rows.orderBy("episode_id", thenBy).collectAsList()) {
            Map<String, Object> columns = new LinkedHashMap<>();
            for (String column : rows.columns()) {
                Object value = row.getAs(column);
                columns.put(column, value instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : value);
            }
            values.add(columns);
        }
        return values;
    }

    @Test
    void theSameSeedCollectsTheSameRowsIntoTwoRunsAndAnotherSeedOthers() {
        // Two actors as two concurrent tasks, sticky actions drawing from each actor's environment seed.
        String sticky = "dqn.environment.sticky-action-probability=0.1";
        collect("seed-a", 1000, 2, "dqn.collect.seed=3", sticky);
        collect("seed-b", 1000, 2, "dqn.collect.seed=3", sticky);
        collect("seed-c", 1000, 2, "dqn.collect.seed=4", sticky);
        for (String table : List.of("transitions", "episodes")) {
            List<Map<String, Object>> a = rowsWithoutRun("seed-a", table);
            List<Map<String, Object>> b = rowsWithoutRun("seed-b", table);
            assertEquals(a.size(), b.size(), table);
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i), b.get(i), table + " row " + i);
            }
            assertTrue(a.size() >= (table.equals("transitions") ? 1000 : 2), table + ": " + a.size() + " rows");
            assertNotEquals(a, rowsWithoutRun("seed-c", table), table + " of another seed");
        }
    }

    @Test
    void aJobCancelledMidwayLeavesNoVisibleDataAndTheNextJobCommitsCleanly() throws Exception {
        SparkSession spark = TestSpark.session();
        // Both actors stop at their 100th step, their rows so far with the Parquet writer, and the job is cancelled.
        System.setProperty(PausePoints.PROPERTY, PausePoints.COLLECT_ACTOR_STEP + "@100");
        CompletableFuture<CollectReport> job = CompletableFuture.supplyAsync(() -> collect("cut", 1000, 2));
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (PausePoints.pausedAt(PausePoints.COLLECT_ACTOR_STEP, 100) < 2) {
                if (System.nanoTime() > deadline || job.isDone()) {
                    fail("the actors did not both pause at step 100: " + printed);
                }
                Thread.sleep(20);
            }
            assertTrue(Files.exists(store.resolve("cut/_staging")), "the job was writing");
        } finally {
            System.clearProperty(PausePoints.PROPERTY);
            spark.sparkContext().cancelAllJobs();
        }
        assertThrows(ExecutionException.class, job::get, "a cancelled collect fails");
        assertFalse(Files.exists(store.resolve("cut/transitions")), "nothing committed");
        assertFalse(Files.exists(store.resolve("cut/episodes")));

        CollectReport next = collect("cut", 200, 2);
        assertEquals(0, next.iteration());
        assertEquals(200, table("cut", "transitions").count());
    }

    @Test
    void committedTransitionsWhoseEpisodesWereNotWrittenGetThemBackOnTheNextJob() throws Exception {
        collect("heal", 800, 2);
        long episodes = table("heal", "episodes").count();
        // As if the job had been killed between its two renames, with some staging debris left:
        RunStore store = new RunStore(RunLayout.of(this.store.toString(), "heal"), new Configuration());
        store.delete(store.layout().episodes(0));
        Files.createDirectories(this.store.resolve("heal/_staging/debris/transitions"));
        Files.writeString(this.store.resolve("heal/_staging/debris/transitions/part-0.parquet"), "half a shard");

        collect("heal", 100, 2);
        assertEquals(episodes, table("heal", "episodes").where("iteration = 0").count());
        assertFalse(Files.exists(this.store.resolve("heal/_staging/debris")));
        assertTrue(printed.toString().contains("deriving the episodes of committed iteration 0 again"));
    }

    @Test
    void anotherGameOnTheSameRunIsRefusedBeforeAnythingIsWritten() {
        collect("one-game", 100, 1);
        UserError e = assertThrows(UserError.class,
                () -> collect(Games.builtIn("minatar:freeway"), "one-game", settings(100, 1)));
        assertTrue(e.getMessage().contains("plays minatar:breakout"), e.getMessage());
        assertEquals(100, table("one-game", "transitions").count());
        assertEquals(List.of(0), table("one-game", "transitions").select("iteration").distinct()
                .as(org.apache.spark.sql.Encoders.INT()).collectAsList());
    }

    @Test
    void stepsAreSplitEvenlyOverActors() {
        CollectSettings s = CollectSettings.from(Settings.withOverrides(List.of("dqn.collect.agent-steps=10",
                "dqn.collect.actors=4")));
        assertEquals(List.of(3L, 3L, 2L, 2L),
                List.of(s.agentStepsOf(0), s.agentStepsOf(1), s.agentStepsOf(2), s.agentStepsOf(3)));
    }

    @Test
    void theEnvironmentOfEachActorIsSeededFromTheJobsSeedItsIterationAndTheActor() {
        // MinAtar's sticky actions (p 0.1) draw from the environment's seed too, so every step depends on it.
        Settings settings = settings(300, 2, "dqn.collect.seed=7", "dqn.environment.sticky-action-probability=0.1");
        collect(MINATAR_BREAKOUT, "seeded", settings);
        collect(MINATAR_BREAKOUT, "seeded", settings);
        Dataset<Row> transitions = table("seeded", "transitions");
        Set<List<Integer>> games = new HashSet<>();
        for (int iteration = 0; iteration < 2; iteration++) {
            for (int actor = 0; actor < 2; actor++) {
                List<Transition> rows = transitions.where("iteration = " + iteration + " AND actor = " + actor)
                        .orderBy("episode_id", "episode_step").collectAsList().stream().map(TransitionSchema::fromRow).toList();
                // Documented seeding: actor a of iteration i plays the environment seeded derive(derive(seed, i, a), 0).
                long seed = Seeds.derive(Seeds.derive(7, iteration, actor), 0);
                replay(rows, MINATAR_BREAKOUT.open(CollectSettings.from(settings).environment(), seed),
                        "iteration " + iteration + ", actor " + actor);
                games.add(rows.stream().map(t -> Arrays.hashCode(t.frame())).toList());
            }
        }
        assertEquals(4, games.size(), "two actors, or two iterations, never play the same game");
    }

    /** Plays the rows' actions as the actor did and checks that the environment shows the rows' frames. */
    private static void replay(List<Transition> rows, Environment environment, String what) {
        try (environment) {
            environment.reset();
            for (int i = 0; i < rows.size(); i++) {
                Transition row = rows.get(i);
                assertArrayEquals(row.frame(), environment.observation(), what + ", row " + i);
                assertEquals(row.episodeEnded(), environment.step(row.action()).episodeEnded(), what + ", row " + i);
                if (row.episodeEnded() && i + 1 < rows.size()) {
                    environment.reset();
                }
            }
        }
    }

    @Test
    void onAtariEveryFrameIsEightyFourByEightyFourAndTheEpisodesCountTheLivesLost() {
        collect(RomFile.load(TestRoms.rom("breakout.bin")), "atari", settings(2000, 2));
        assertEquals(0, table("atari", "transitions").where("length(frame) <> " + FrameShape.ATARI.bytes()).count(),
                "every frame is 84 x 84 bytes");
        Row lives = table("atari", "episodes").selectExpr("sum(lives_lost)").first();
        Row fromTransitions = table("atari", "transitions")
                .where("episode_id IN (SELECT episode_id FROM parquet.`" + store.resolve("atari/episodes") + "`)")
                .selectExpr("sum(CAST(life_lost AS INT))").first();
        assertEquals(fromTransitions.getLong(0), lives.getLong(0));
        assertTrue(lives.getLong(0) > 0, "random Breakout loses lives");
    }
}
