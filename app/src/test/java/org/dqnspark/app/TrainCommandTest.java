package org.dqnspark.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.core.store.StoreTables;
import org.dqnspark.core.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dqn train}: how many updates it does and its answers to bad input (training itself is tested in the
 * trainer module), on MinAtar Breakout.
 */
class TrainCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int dqn(String... args) {
        return Dqn.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void aRunWithoutTransitionsIsABadInputThatSaysToCollectFirst() {
        assertEquals(2, dqn("train", "--store", dir.toString(), "--run", "nothing", "--updates", "10",
                "--master", "local[2]"));
        assertTrue(err.toString().contains("has no data yet. Collect first"), err.toString());
        assertFalse(Files.exists(dir.resolve("nothing/snapshots")));
    }

    @Test
    void aNonPositiveUpdateCountIsABadInput() {
        assertEquals(2, dqn("train", "--store", dir.toString(), "--run", "r", "--updates", "0"));
        assertTrue(err.toString().contains("--updates must be positive"), err.toString());
    }

    /** 300 random agent steps of MinAtar Breakout in run "r". */
    private void collect300() {
        assertEquals(0, dqn("collect", "--game", "minatar:breakout", "--agent-steps", "300", "--store", dir.toString(),
                "--run", "r", "--master", "local[2]"), err.toString());
    }

    private int train(String... sets) {
        List<String> args = new ArrayList<>(List.of("train", "--store", dir.toString(), "--run", "r", "--master",
                "local[2]", "--set", "dqn.train.updates-per-fit=10", "--set", "dqn.train.held-out-states=50"));
        for (String set : sets) {
            args.add("--set");
            args.add(set);
        }
        return dqn(args.toArray(String[]::new));
    }

    private List<Long> snapshotUpdates() {
        SparkSession spark = TestSpark.session();
        StoreTables.register(spark, dir.toString());
        return spark.sql("SELECT updates FROM snapshots ORDER BY epoch").collectAsList().stream()
                .map(row -> row.getLong(0)).toList();
    }

    @Test
    void withoutUpdatesTrainDoesWhatTheRunsAgentStepsBeyondTheReplayStartCallForAndNoMore() {
        collect300();
        String[] schedule = {"dqn.train.replay-start-size=100", "dqn.train.update-frequency=20"};
        assertEquals(0, train(schedule), err.toString());
        assertEquals(List.of(10L), snapshotUpdates(), "(300 - 100) / 20 updates");
        assertEquals(0, train(schedule), err.toString());
        assertEquals(List.of(10L), snapshotUpdates(), "nothing owed: no new snapshot");
    }

    @Test
    void aRunShortOfItsReplayStartIsRefusedNamingTheSetting() {
        collect300();
        assertEquals(2, train("dqn.train.replay-start-size=500"));
        assertTrue(err.toString().contains("300 agent steps, fewer than dqn.train.replay-start-size (500)"),
                err.toString());
        assertFalse(Files.exists(dir.resolve("r/snapshots")), "nothing trained");
    }

    @Test
    void aMistypedTrainSettingIsNamed() {
        assertEquals(2, dqn("train", "--store", dir.toString(), "--run", "r", "--set", "dqn.train.batchsize=64"));
        assertTrue(err.toString().contains("Unknown setting 'dqn.train.batchsize'"), err.toString());
        assertTrue(err.toString().contains("dqn.train.batch-size"), err.toString());
    }
}
