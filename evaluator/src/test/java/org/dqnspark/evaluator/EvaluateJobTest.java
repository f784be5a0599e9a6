package org.dqnspark.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.apache.spark.sql.Row;
import org.dqnspark.collector.CollectJob;
import org.dqnspark.collector.CollectRequest;
import org.dqnspark.collector.CollectSettings;
import org.dqnspark.core.UserError;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.RomFile;
import org.dqnspark.core.policy.PolicySpec;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.testing.TestRoms;
import org.dqnspark.core.testing.TestSpark;
import org.dqnspark.trainer.TrainJob;
import org.dqnspark.trainer.TrainRequest;
import org.dqnspark.trainer.TrainSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluate job end to end: real ALE, real local[2] Spark, a snapshot the real train job wrote. */
class EvaluateJobTest {
    @TempDir
    static Path store;

    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeAll
    static void collectAndTrainBreakout() {
        collect("breakout", "breakout.bin");
        collect("pong", "pong.bin");
        Settings train = Settings.load(null, List.of("dqn.train.updates-per-fit=4", "dqn.train.held-out-states=16"));
        new TrainJob(TestSpark.session(), QUIET).run(new TrainRequest(RunLayout.of(store.toString(), "breakout"), 4,
                TrainSettings.from(train), train));
    }

    private static void collect(String run, String rom) {
        Settings settings = Settings.load(null, List.of("dqn.collect.steps=400", "dqn.collect.actors=2"));
        new CollectJob(TestSpark.session(), QUIET).run(new CollectRequest(RomFile.load(TestRoms.rom(rom)),
                RunLayout.of(store.toString(), run), new PolicySpec(PolicySpec.RANDOM), CollectSettings.from(settings),
                settings));
    }

    private EvaluateReport evaluate(String run, String snapshot, boolean random, String... sets) {
        Settings settings = Settings.load(null, List.of(sets));
        return new EvaluateJob(TestSpark.session(), new PrintStream(printed, true)).run(new EvaluateRequest(
                RunLayout.of(store.toString(), run), snapshot, random, null, false, EvaluateSettings.from(settings)));
    }

    @Test
    void thirtyGamesHaveDistinctSeedsAndNoOpsWithinZeroToThirtyAndReplayFromTheSameSeed() {
        EvaluateReport first = evaluate("breakout", null, true);
        assertEquals(30, first.games().size());
        assertEquals(30, new HashSet<>(first.games().stream().map(GameResult::seed).toList()).size());
        for (GameResult game : first.games()) {
            assertTrue(game.noops() >= 0 && game.noops() <= 30, "no-ops " + game.noops());
            assertTrue(game.frames() <= 18_000 + 4, "frames " + game.frames());
        }
        assertTrue(new HashSet<>(first.games().stream().map(GameResult::noops).toList()).size() > 5);
        EvaluateReport again = evaluate("breakout", null, true);
        assertEquals(first.games().stream().map(GameResult::score).toList(),
                again.games().stream().map(GameResult::score).toList());
        assertEquals(first.evaluation() + 1, again.evaluation());
    }

    @Test
    void theFrameCapEndsEveryLongGameAsTruncated() {
        EvaluateReport capped = evaluate("pong", null, true, "dqn.environment.evaluation-max-frames-per-episode=400",
                "dqn.evaluate.games=4");
        for (GameResult game : capped.games()) {
            assertTrue(game.truncated(), "a Pong game lasts far longer than 400 frames");
            assertTrue(game.frames() >= 400 && game.frames() < 404, "frames " + game.frames());
        }
        assertEquals(4, capped.summary().truncated());
    }

    @Test
    void aSnapshotFromTheTrainJobIsEvaluatedAndItsRowsAreWritten() {
        EvaluateReport report = evaluate("breakout", "latest", false, "dqn.evaluate.games=4");
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
        assertEquals(0.05, rows.get(0).<Double>getAs("epsilon"), 1e-12);
        assertNotNull(rows.get(0).getAs("mean_max_q"));
        assertTrue(printed.toString().contains("median"), printed.toString());
    }

    @Test
    void theRandomBaselineLandsWhereTheNaturePaperPutsIt() {
        // Nature's random agent: Breakout 1.7, Pong -20.7 (Extended Data Table 2).
        double breakout = evaluate("breakout", null, true).summary().mean();
        assertTrue(breakout >= 0.5 && breakout <= 4.0, "Breakout random mean " + breakout);
        EvaluateReport pong = evaluate("pong", null, true, "dqn.evaluate.games=10");
        assertTrue(pong.summary().mean() >= -21 && pong.summary().mean() <= -19, "Pong random mean "
                + pong.summary().mean());
        List<Row> rows = TestSpark.session().sql("SELECT * FROM parquet.`" + store.resolve("pong/evaluations")
                + "` WHERE policy = 'random'").collectAsList();
        assertFalse(rows.isEmpty());
        assertNull(rows.get(0).getAs("epoch"));
        assertNull(rows.get(0).getAs("mean_max_q"));
    }

    @Test
    void sparkSqlAnswersOverTheTrainingEvaluationsAndSnapshotsThisStoreHolds() {
        evaluate("breakout", "latest", false, "dqn.evaluate.games=2");
        org.dqnspark.core.store.StoreTables.register(TestSpark.session(), store.toString());
        Row best = TestSpark.session().sql("SELECT e.run, e.snapshot, avg(e.score) AS mean, max(s.updates) AS updates,"
                + " max(t.meanq) AS meanq FROM evaluations e JOIN snapshots s ON e.run = s.run AND e.snapshot = s.snapshot"
                + " JOIN training t ON t.run = e.run AND t.epoch = s.epoch WHERE e.policy = 'snapshot'"
                + " GROUP BY e.run, e.snapshot").first();
        assertEquals("breakout", best.getString(0));
        assertEquals("epoch-1", best.getString(1));
        assertEquals(4L, best.getLong(3));
        assertTrue(Double.isFinite(best.getDouble(4)));
        assertEquals(2L, TestSpark.session().sql("SELECT count(DISTINCT run) FROM transitions").first().getLong(0));
    }

    @Test
    void aMissingSnapshotIsABadInput() {
        UserError e = assertThrows(UserError.class, () -> evaluate("breakout", "7", false));
        assertTrue(e.getMessage().startsWith("No snapshot "), e.getMessage());
        UserError none = assertThrows(UserError.class, () -> evaluate("pong", "latest", false));
        assertTrue(none.getMessage().startsWith("No snapshot yet"), none.getMessage());
    }

    @Test
    void anotherGamesRomIsRefusedUnlessForced() {
        Settings settings = Settings.load(null, List.of("dqn.evaluate.games=2"));
        UserError e = assertThrows(UserError.class, () -> new EvaluateJob(TestSpark.session(), QUIET).run(
                new EvaluateRequest(RunLayout.of(store.toString(), "breakout"), null, true,
                        RomFile.load(TestRoms.rom("pong.bin")), false, EvaluateSettings.from(settings))));
        assertTrue(e.getMessage().contains("--force-rom"), e.getMessage());
        EvaluateReport forced = new EvaluateJob(TestSpark.session(), QUIET).run(new EvaluateRequest(
                RunLayout.of(store.toString(), "breakout"), null, true, RomFile.load(TestRoms.rom("pong.bin")), true,
                EvaluateSettings.from(settings)));
        assertEquals(2, forced.games().size());
        assertEquals(new ArrayList<>(List.of(0, 1)), new ArrayList<>(forced.games().stream().map(GameResult::game).toList()));
    }
}
