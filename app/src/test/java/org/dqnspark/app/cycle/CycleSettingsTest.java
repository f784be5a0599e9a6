package org.dqnspark.app.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.app.Dqn;
import org.dqnspark.core.store.StoreTables;
import org.dqnspark.core.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cycle's settings follow its game and are checked before the first stage (MinAtar Breakout, no ROM). */
class CycleSettingsTest {
    @TempDir
    Path store;

    private final StringWriter err = new StringWriter();

    private int dqn(String... args) {
        return Dqn.execute(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    }

    @Test
    void aMinAtarCycleWithoutAConfFileTrainsMinAtarsNetworkAndRecordsWhatRanBesideEachOutput() {
        assertEquals(0, dqn("cycle", "--game", "minatar:breakout", "--store", store.toString(), "--run", "plain",
                "--master", "local[2]", "--cycles", "1",
                "--set", "dqn.cycle.agent-steps=300", "--set", "dqn.train.replay-start-size=200",
                "--set", "dqn.train.update-frequency=10", "--set", "dqn.train.updates-per-fit=30",
                "--set", "dqn.train.held-out-states=50", "--set", "dqn.evaluate.games=2",
                "--set", "dqn.environment.evaluation-max-frames-per-episode=1000"), err.toString());

        String settings = readString(store.resolve("plain").resolve("conf").resolve("collect-0.conf"));
        assertTrue(settings.contains("architecture = minatar") || settings.contains("architecture=minatar"), settings);
        // Provenance: every job's settings and the code that ran, beside its output.
        for (String conf : new String[] {"collect-0.conf", "evaluate-0.conf"}) {
            String saved = readString(store.resolve("plain").resolve("conf").resolve(conf));
            assertTrue(saved.contains("# Written by dqn-spark ") && saved.contains(", commit "), conf + ":\n" + saved);
        }
        SparkSession spark = TestSpark.session();
        StoreTables.register(spark, store.toString());
        Row cycle = spark.sql("SELECT collected_agent_steps, updates, snapshot FROM cycles").first();
        assertEquals(500L, cycle.getLong(0), "the replay start and the cycle's steps");
        assertEquals(30L, cycle.getLong(1), "one update per 10 of the cycle's 300 steps");
        assertEquals("epoch-1", cycle.getString(2));
    }

    @Test
    void anImpossibleSettingStopsTheCycleBeforeAnyStageNamingTheKey() {
        assertEquals(2, dqn("cycle", "--game", "minatar:breakout", "--store", store.toString(), "--run", "wrong",
                "--master", "local[2]", "--set", "dqn.network.architecture=nature"));
        assertTrue(err.toString().contains("dqn.network.architecture"), err.toString());
        assertFalse(Files.exists(store.resolve("wrong")), "nothing written");
    }

    @Test
    void aReplayWindowTooLargeForTheHeapIsRefusedBeforeAnyStageWithTheNumbers() {
        assertEquals(2, dqn("cycle", "--game", "minatar:breakout", "--store", store.toString(), "--run", "huge",
                "--master", "local[2]", "--set", "dqn.train.replay-size=2000000000",
                "--set", "dqn.train.replay-frames=raw"));
        String message = err.toString();
        assertTrue(message.contains("will not fit the Java heap: 2,000,000,000 transitions (dqn.train.replay-size)")
                && message.contains("GB") && message.contains("DQN_JAVA_OPTS=-Xmx"), message);
        assertFalse(Files.exists(store.resolve("huge")), "nothing written");
    }

    @Test
    void aSizeOutOfRangeStopsTheCycleBeforeAnyStageNamingTheKey() {
        assertEquals(2, dqn("cycle", "--game", "minatar:breakout", "--store", store.toString(), "--run", "zero",
                "--master", "local[2]", "--set", "dqn.evaluate.games=0"));
        assertTrue(err.toString().contains("dqn.evaluate.games"), err.toString());
        assertFalse(Files.exists(store.resolve("zero")), "nothing written");
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
