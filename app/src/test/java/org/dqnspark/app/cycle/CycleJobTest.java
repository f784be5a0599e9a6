package org.dqnspark.app.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.app.Dqn;
import org.dqnspark.core.spark.PausePoints;
import org.dqnspark.core.store.StoreTables;
import org.dqnspark.core.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cycle job end to end on MinAtar Breakout (built in, no ROM): real Spark local[2], Parquet and DL4J,
 * at tiny sizes so that CI runs it in minutes; the killing is a real SIGKILL of a child JVM, at points
 * the test chooses ({@link PausePoints}), not at whatever a progress line happened to show.
 */
class CycleJobTest {
    /** Per cycle: 1,000 agent steps (+500 random replay start), 20 updates, 2 evaluation games. */
    private static final List<String> TINY = List.of(
            "--conf", conf("minatar.conf").toString(),
            "--master", "local[2]",
            "--set", "dqn.cycle.agent-steps=1000",
            "--set", "dqn.train.replay-start-size=500",
            "--set", "dqn.train.update-frequency=50",
            "--set", "dqn.exploration.final-agent-step=5000",
            "--set", "dqn.train.target-update-period=20",
            "--set", "dqn.train.updates-per-fit=10",
            "--set", "dqn.train.held-out-states=100",
            "--set", "dqn.evaluate.games=2",
            "--set", "dqn.environment.evaluation-max-frames-per-episode=2000",
            "--set", "dqn.collect.progress-interval=1s",
            "--set", "dqn.evaluate.progress-interval=1s");

    @TempDir
    Path store;

    private static Path conf(String name) {
        // Tests run in app/; conf/ is beside it.
        return Path.of("..", "conf", name).toAbsolutePath().normalize();
    }

    private List<String> cycle(String run, String... more) {
        List<String> args = new ArrayList<>(List.of("cycle", "--game", "minatar:breakout",
                "--store", store.toString(), "--run", run));
        args.addAll(TINY);
        args.addAll(List.of(more));
        return args;
    }

    private static int dqn(List<String> args) {
        StringWriter err = new StringWriter();
        int code = Dqn.execute(args.toArray(String[]::new), new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        return code;
    }

    private List<Row> query(String sql) {
        SparkSession spark = TestSpark.session();
        StoreTables.register(spark, store.toString());
        return spark.sql(sql).collectAsList();
    }

    @Test
    void twoCyclesCollectWithTheNewestSnapshotOnTheEpsilonScheduleAndACycleCountAddsExactlyTheMissingOnes() {
        dqn(cycle("loop", "--cycles", "2"));

        List<Row> cycles = query("SELECT cycle, iteration, collected_agent_steps, agent_steps, epsilon, policy, updates, snapshot,"
                + " evaluation_games FROM cycles ORDER BY cycle");
        assertEquals(2, cycles.size());
        // Cycle 1: no snapshot yet, so the random policy for the replay start and the cycle's own steps.
        assertEquals(List.of(1, 0, 1500L, 1500L, 1.0, "random", 20L, "epoch-1", 2), fields(cycles.get(0)));
        // Cycle 2 plays snapshot 1 at the schedule's epsilon after 1,500 agent steps: 1 - 0.9 * 1500 / 5000.
        assertEquals(List.of(2, 1, 1000L, 2500L, 0.73, "epoch-1", 20L, "epoch-2", 2),
                fields(cycles.get(1)).stream().map(v -> v instanceof Double d ? Math.round(d * 1e6) / 1e6 : v).toList());
        List<Row> played = query("SELECT iteration, policy_snapshot, min(epsilon), max(epsilon), count(*)"
                + " FROM transitions GROUP BY iteration, policy_snapshot ORDER BY iteration");
        assertEquals(2, played.size(), played.toString());
        assertEquals(null, played.get(0).get(1));
        assertEquals("epoch-1", played.get(1).getString(1));
        assertEquals(0.73f, played.get(1).getFloat(2), 1e-6);
        assertEquals(0.73f, played.get(1).getFloat(3), 1e-6);

        dqn(cycle("loop", "--cycles", "3"));
        dqn(cycle("loop", "--cycles", "3")); // nothing left to do
        assertEquals(List.of(1, 2, 3), query("SELECT cycle FROM cycles ORDER BY cycle").stream()
                .map(r -> r.getInt(0)).toList());
        assertEquals(3, query("SELECT DISTINCT iteration FROM transitions").size());
        assertEquals(3, query("SELECT * FROM snapshots").size());
        // One evaluation per snapshot, and the random baseline once, in cycle 1.
        assertEquals(List.of("epoch-1", "random", "epoch-2", "epoch-3"), query("SELECT DISTINCT evaluation, snapshot"
                + " FROM evaluations ORDER BY evaluation").stream().map(r -> r.getString(1)).toList());
        assertEquals(1, query("SELECT DISTINCT random_score FROM cycles").size());
    }

    private static String listing(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            return files.map(Path::toString).collect(java.util.stream.Collectors.joining("\n"));
        } catch (java.io.IOException e) {
            return dir + " (" + e.getMessage() + ")";
        }
    }

    private static String output(DqnProcess dqn) {
        try {
            return dqn.output();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @Test
    void aCycleStoppedWithCtrlCOrSigtermExitsWithin10SecondsLeavingNothingStagedAndResumes() throws Exception {
        List<String> args = cycle("stopped", "--cycles", "1");
        Path staging = store.resolve("stopped").resolve("_staging");
        for (String[] signal : new String[][] {{"INT", "130"}, {"TERM", "143"}}) {
            // Mid-collect: both actors' Parquet files are being written under _staging.
            DqnProcess dqn = DqnProcess.start(store.resolve("stop-" + signal[0] + ".log"), args,
                    PausePoints.COLLECT_ACTOR_STEP + "@100");
            dqn.awaitLine("paused at", Duration.ofMinutes(3));
            assertTrue(Files.exists(staging), "the collect has staged its work");
            assertEquals(Integer.parseInt(signal[1]), dqn.stopWith(signal[0], Duration.ofSeconds(10)), dqn.output());
            assertFalse(Files.exists(staging), () -> "SIG" + signal[0] + " left " + listing(staging) + "\n" + output(dqn));
        }
        dqn(args);
        assertEquals(List.of(1500L), query("SELECT count(*) FROM transitions WHERE run = 'stopped'").stream()
                .map(row -> row.getLong(0)).toList(), "500 random agent steps and the cycle's 1,000, once");
    }

    @Test
    void aCycleKilledDuringCollectTrainAndEvaluateResumesAndLosesAndRepeatsNothing() throws Exception {
        Path stages = store.resolve("resume").resolve("cycle-stages").resolve("1");
        List<String> args = cycle("resume", "--cycles", "2");

        Path transitionsDir = store.resolve("resume").resolve("transitions");

        // During collect: both actors 100 agent steps into their 750, nothing committed.
        killAt(args, PausePoints.COLLECT_ACTOR_STEP + "@100", "collect");
        assertTrue(Files.exists(stages.resolve("collect.started")));
        assertFalse(Files.exists(stages.resolve("collect.done")));
        assertFalse(Files.exists(transitionsDir.resolve("iteration=0")), "committed before the actors finished");

        // Inside collect's commit: the transitions renamed into place (the commit point), the episodes not yet.
        // (collect's renames: 1 its config, 2 its transitions, the commit point, 3 its episodes)
        killAt(args, PausePoints.commitRenamed("collect") + "@2", "collect-commit");
        assertTrue(Files.exists(transitionsDir.resolve("iteration=0")));
        assertFalse(Files.exists(store.resolve("resume").resolve("episodes").resolve("iteration=0")));
        assertFalse(Files.exists(stages.resolve("collect.done")));

        // During train: the first of two fits done, no snapshot yet, the stage not complete.
        killAt(args, PausePoints.TRAIN_UPDATES + "@10", "train");
        assertTrue(Files.exists(stages.resolve("collect.done")));
        assertTrue(Files.exists(stages.resolve("train.started")));
        assertFalse(Files.exists(stages.resolve("train.done")));
        assertFalse(Files.exists(store.resolve("resume").resolve("snapshots").resolve("1.zip")));

        // During evaluate: each task has played its first game, nothing committed, the stage not complete.
        killAt(args, PausePoints.EVALUATE_TASK_GAME + "@1", "evaluate");
        assertTrue(Files.exists(stages.resolve("train.done")));
        assertTrue(Files.exists(stages.resolve("evaluate.started")));
        assertFalse(Files.exists(stages.resolve("evaluate.done")));
        assertFalse(Files.exists(store.resolve("resume").resolve("evaluations")));

        dqn(args);

        List<Row> cycles = query("SELECT cycle, iteration, collected_agent_steps, snapshot, evaluation FROM cycles ORDER BY cycle");
        assertEquals(List.of(1, 0, 1500L, "epoch-1", 0), fields(cycles.get(0)));
        assertEquals(List.of(2, 1, 1000L, "epoch-2", 2), fields(cycles.get(1)));
        long collected = query("SELECT sum(collected_agent_steps) FROM cycles").get(0).getLong(0);
        assertEquals(collected, query("SELECT count(*) FROM transitions").get(0).getLong(0));
        assertEquals(List.of(0, 1), query("SELECT DISTINCT iteration FROM transitions ORDER BY iteration").stream()
                .map(r -> r.getInt(0)).toList());
        Row episodes = query("SELECT count(*), count(DISTINCT episode_id) FROM episodes").get(0);
        assertEquals(episodes.getLong(0), episodes.getLong(1), "duplicate episode ids");
        Row transitions = query("SELECT count(*), count(DISTINCT episode_id, episode_step) FROM transitions").get(0);
        assertEquals(transitions.getLong(0), transitions.getLong(1), "a step stored twice");
        assertEquals(List.of(1, 2), query("SELECT epoch FROM snapshots ORDER BY epoch").stream()
                .map(r -> r.getInt(0)).toList());
        assertEquals(List.of(1, 2), query("SELECT epoch FROM training ORDER BY epoch").stream()
                .map(r -> r.getInt(0)).toList());
        assertEquals(List.of(20L, 40L), query("SELECT updates FROM snapshots ORDER BY epoch").stream()
                .map(r -> r.getLong(0)).toList());
        assertEquals(List.of(List.of(0, "epoch-1", 2L), List.of(1, "random", 2L), List.of(2, "epoch-2", 2L)),
                query("SELECT evaluation, snapshot, count(*) FROM evaluations GROUP BY evaluation, snapshot"
                        + " ORDER BY evaluation").stream().map(CycleJobTest::fields).toList());
    }

    /** Starts the command in a child JVM that pauses at {@code pausePoint}, and SIGKILLs it there. */
    private void killAt(List<String> args, String pausePoint, String stage) throws Exception {
        DqnProcess dqn = DqnProcess.start(store.resolve("kill-during-" + stage + ".log"), args, pausePoint);
        dqn.awaitLine(Pattern.quote("dqn: paused at " + (pausePoint.contains("@") ? pausePoint : pausePoint + "@1")),
                Duration.ofMinutes(5));
        dqn.kill();
    }

    private static List<Object> fields(Row row) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
            values.add(row.get(i));
        }
        return values;
    }
}
