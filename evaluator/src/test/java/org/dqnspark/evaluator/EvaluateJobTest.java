package org.dqnspark.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.dqnspark.collector.CollectJob;
import org.dqnspark.collector.CollectRequest;
import org.dqnspark.collector.CollectSettings;
import org.dqnspark.core.UserError;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.Game;
import org.dqnspark.core.env.Games;
import org.dqnspark.core.env.RomFile;
import org.dqnspark.core.policy.PlayingPolicy;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.core.testing.TestRoms;
import org.dqnspark.core.testing.TestSpark;
import org.dqnspark.trainer.TrainJob;
import org.dqnspark.trainer.TrainRequest;
import org.dqnspark.trainer.TrainSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluate job end to end on MinAtar games (built in, no ROM) with conf/minatar.conf: real local[2]
 * Spark, a snapshot the real train job wrote. What only ALE has (no-op starts, Nature's random
 * baselines) on real ROMs from $DQN_ROMS.
 */
class EvaluateJobTest {
    @TempDir
    static Path store;

    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());
    /** The updates of the run "breakout"'s one snapshot. */
    private static final long TRAINED_UPDATES = 4;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    /** conf/minatar.conf and {@code sets}; tests run in evaluator/, conf/ is beside it. */
    private static Settings minatar(String... sets) {
        return Settings.load(Path.of("..", "conf", "minatar.conf"), List.of(sets));
    }

    /** Two runs: "breakout" (MinAtar Breakout, trained into one snapshot) and "freeway" (MinAtar Freeway). */
    @BeforeAll
    static void collectAndTrainBreakout() {
        collect("breakout", Games.builtIn("minatar:breakout"));
        collect("freeway", Games.builtIn("minatar:freeway"));
        Settings train = minatar("dqn.train.updates-per-fit=" + TRAINED_UPDATES, "dqn.train.held-out-states=16");
        new TrainJob(TestSpark.session(), QUIET).run(new TrainRequest(RunLayout.of(store.toString(), "breakout"),
                TRAINED_UPDATES, TrainSettings.from(train), train));
    }

    private static void collect(String run, Game game) {
        Settings settings = minatar("dqn.collect.agent-steps=400", "dqn.collect.actors=2");
        new CollectJob(TestSpark.session(), QUIET).run(new CollectRequest(game, RunLayout.of(store.toString(), run),
                new PlayingPolicy.Random(), CollectSettings.from(settings), settings));
    }

    private static final PlayingPolicy RANDOM = new PlayingPolicy.Random();

    /** The snapshot {@code name} (dqn evaluate --snapshot) of {@code run}. */
    private static PlayingPolicy snapshot(String run, String name) {
        return PlayingPolicy.resolveSnapshot(name, new RunStore(RunLayout.of(store.toString(), run),
                TestSpark.session().sparkContext().hadoopConfiguration()));
    }

    private EvaluateReport evaluate(String run, PlayingPolicy policy, String... sets) {
        return evaluate(run, policy, Optional.empty(), minatar(sets));
    }

    private EvaluateReport evaluate(String run, PlayingPolicy policy, Optional<Game> game, Settings settings) {
        return new EvaluateJob(TestSpark.session(), new PrintStream(printed, true)).run(new EvaluateRequest(
                RunLayout.of(store.toString(), run), policy, game, false, EvaluateSettings.from(settings)));
    }

    @Test
    void thirtyGamesHaveDistinctSeedsAndPlayDifferently() {
        EvaluateSettings settings = EvaluateSettings.from(minatar());
        EvaluateReport report = evaluate("breakout", RANDOM);
        assertEquals(settings.games(), report.games().size());
        assertEquals(settings.games(), new HashSet<>(report.games().stream().map(GameResult::seed).toList()).size());
        for (GameResult game : report.games()) {
            assertEquals(0, game.noopFrames(), "MinAtar has no no-op starts");
            assertTrue(game.frames() <= settings.environment().maxFramesPerEpisode(), "frames " + game.frames());
        }
        // Random MinAtar Breakout ends after 6 steps without a brick, 16 with one, ...: not every game alike.
        assertTrue(new HashSet<>(report.games().stream().map(g -> g.score() + "/" + g.frames()).toList()).size() > 1,
                "games of different seeds play differently");
    }

    /** The rows of the run's evaluation {@code k}, by game: every column but {@code evaluation}, the job's index. */
    private static List<Row> evaluationRows(String run, int k) {
        return TestSpark.session().read().parquet(store.resolve(run + "/evaluations/evaluation=" + k).toString())
                .orderBy("game").collectAsList();
    }

    @Test
    void theSamePolicyAndSeedGiveIdenticalRowsAndAnotherSeedOthers() {
        for (PlayingPolicy policy : List.of(snapshot("breakout", "latest"), RANDOM)) {
            EvaluateReport first = evaluate("breakout", policy, "dqn.evaluate.games=8");
            EvaluateReport again = evaluate("breakout", policy, "dqn.evaluate.games=8");
            EvaluateReport other = evaluate("breakout", policy, "dqn.evaluate.games=8", "dqn.evaluate.seed=2");
            assertEquals(first.evaluation() + 1, again.evaluation());
            List<Row> rows = evaluationRows("breakout", first.evaluation());
            assertEquals(8, rows.size());
            // Seeds, no-op frames, scores, frames, truncation and mean max-Q, game by game.
            assertEquals(rows, evaluationRows("breakout", again.evaluation()), policy.name());
            // Not only the seed column: the games themselves.
            assertNotEquals(plays(rows), plays(evaluationRows("breakout", other.evaluation())), policy.name());
        }
    }

    private static List<String> plays(List<Row> rows) {
        return rows.stream().map(r -> r.getAs("score") + "/" + r.getAs("frames") + "/" + r.getAs("mean_max_q")).toList();
    }

    @Test
    void theFrameCapEndsEveryLongGameAsTruncated() {
        int cap = 400;
        EvaluateReport capped = evaluate("freeway", RANDOM,
                "dqn.environment.evaluation-max-frames-per-episode=" + cap, "dqn.evaluate.games=4");
        for (GameResult game : capped.games()) {
            assertTrue(game.truncated(), "a Freeway game lasts 2,500 steps");
            assertEquals(cap, game.frames(), "a MinAtar step is one frame");
        }
        assertEquals(4, capped.summary().truncated());
    }

    @Test
    void aSnapshotFromTheTrainJobIsEvaluatedAndItsRowsAreWritten() {
        EvaluateReport report = evaluate("breakout", snapshot("breakout", "latest"), "dqn.evaluate.games=4");
        assertEquals("epoch-1", report.snapshot());
        assertEquals(4, report.games().size());
        for (GameResult game : report.games()) {
            assertTrue(Double.isFinite(game.meanMaxQ()), "mean max-Q of a snapshot's game");
        }
        List<Row> rows = TestSpark.session().sql("SELECT * FROM parquet.`" + store.resolve("breakout/evaluations")
                + "` WHERE evaluation = " + report.evaluation() + " ORDER BY game").collectAsList();
        assertEquals(4, rows.size());
        assertEquals("snapshot", rows.get(0).getAs("policy"));
        assertEquals(1, (int) rows.get(0).<Integer>getAs("epoch"));
        assertEquals(EvaluateSettings.from(minatar()).epsilon(), rows.get(0).<Double>getAs("epsilon"), 1e-12);
        assertNotNull(rows.get(0).getAs("mean_max_q"));
        assertTrue(printed.toString().contains("median"), printed.toString());
    }

    @Test
    void theRandomPolicysRowsHaveNoEpochAndNoQValues() {
        evaluate("freeway", RANDOM, "dqn.evaluate.games=2");
        List<Row> rows = TestSpark.session().sql("SELECT * FROM parquet.`" + store.resolve("freeway/evaluations")
                + "` WHERE policy = 'random'").collectAsList();
        assertFalse(rows.isEmpty());
        assertNull(rows.get(0).getAs("epoch"));
        assertNull(rows.get(0).getAs("mean_max_q"));
        assertEquals(1.0, rows.get(0).<Double>getAs("epsilon"), 0.0, "the random policy always explores");
    }

    @Test
    void sparkSqlAnswersOverTheTrainingEvaluationsAndSnapshotsThisStoreHolds() {
        evaluate("breakout", snapshot("breakout", "latest"), "dqn.evaluate.games=2");
        org.dqnspark.core.store.StoreTables.register(TestSpark.session(), store.toString());
        Row best = TestSpark.session().sql("SELECT e.run, e.snapshot, avg(e.score) AS mean, max(s.updates) AS updates,"
                + " max(t.meanq) AS meanq FROM evaluations e JOIN snapshots s ON e.run = s.run AND e.snapshot = s.snapshot"
                + " JOIN training t ON t.run = e.run AND t.epoch = s.epoch WHERE e.policy = 'snapshot'"
                + " GROUP BY e.run, e.snapshot").first();
        assertEquals("breakout", best.getString(0));
        assertEquals("epoch-1", best.getString(1));
        assertEquals(TRAINED_UPDATES, best.getLong(3));
        assertTrue(Double.isFinite(best.getDouble(4)));
        assertEquals(2L, TestSpark.session().sql("SELECT count(DISTINCT run) FROM transitions").first().getLong(0));
    }

    @Test
    void aMissingSnapshotIsABadInput() {
        UserError e = assertThrows(UserError.class, () -> snapshot("breakout", "7"));
        assertTrue(e.getMessage().startsWith("No snapshot "), e.getMessage());
        UserError none = assertThrows(UserError.class, () -> snapshot("freeway", "latest"));
        assertTrue(none.getMessage().startsWith("No snapshot yet"), none.getMessage());
    }

    @Test
    void anotherGameIsRefusedUnlessForced() {
        Settings settings = minatar("dqn.evaluate.games=2");
        Game freeway = Games.builtIn("minatar:freeway");
        UserError e = assertThrows(UserError.class, () -> new EvaluateJob(TestSpark.session(), QUIET).run(
                new EvaluateRequest(RunLayout.of(store.toString(), "breakout"), RANDOM, Optional.of(freeway), false,
                        EvaluateSettings.from(settings))));
        assertTrue(e.getMessage().contains("--force-rom"), e.getMessage());
        EvaluateReport forced = new EvaluateJob(TestSpark.session(), QUIET).run(new EvaluateRequest(
                RunLayout.of(store.toString(), "breakout"), RANDOM, Optional.of(freeway), true,
                EvaluateSettings.from(settings)));
        assertEquals(2, forced.games().size());
        assertEquals(new ArrayList<>(List.of(0, 1)), new ArrayList<>(forced.games().stream().map(GameResult::game).toList()));
    }

    @Test
    void onAtariEachGameStartsAfterItsOwnZeroToThirtyNoOps() {
        // Nature's protocol on a fresh run (no recorded game: the ROM given is played).
        Settings nature = Settings.defaults();
        EvaluateSettings settings = EvaluateSettings.from(nature);
        EvaluateReport report = evaluate("atari-breakout", RANDOM,
                Optional.of(RomFile.load(TestRoms.rom("breakout.bin"))), nature);
        assertEquals(settings.games(), report.games().size());
        for (GameResult game : report.games()) {
            assertTrue(game.noopFrames() >= 0 && game.noopFrames() <= settings.environment().noopMax(), "no-ops " + game.noopFrames());
            // The cap ends a game at the agent step that reaches it: at most one step's frames past it.
            assertTrue(game.frames() <= settings.environment().maxFramesPerEpisode() + settings.environment().frameSkip(),
                    "frames " + game.frames());
        }
        assertTrue(new HashSet<>(report.games().stream().map(GameResult::noopFrames).toList()).size() > 5);
    }

    @Test
    void onAtariTheRandomBaselineLandsWhereTheNaturePaperPutsIt() {
        // Nature's random agent: Breakout 1.7, Pong -20.7 (Extended Data Table 2).
        double breakout = evaluate("atari-breakout-random", RANDOM,
                Optional.of(RomFile.load(TestRoms.rom("breakout.bin"))),
                Settings.defaults()).summary().mean();
        assertTrue(breakout >= 0.5 && breakout <= 4.0, "Breakout random mean " + breakout);
        EvaluateReport pong = evaluate("atari-pong-random", RANDOM, Optional.of(RomFile.load(TestRoms.rom("pong.bin"))),
                Settings.withOverrides(List.of("dqn.evaluate.games=10")));
        assertTrue(pong.summary().mean() >= -21 && pong.summary().mean() <= -19, "Pong random mean "
                + pong.summary().mean());
    }
}
