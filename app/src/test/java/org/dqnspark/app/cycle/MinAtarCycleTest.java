package org.dqnspark.app.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.app.Dqn;
import org.dqnspark.core.store.StoreTables;
import org.dqnspark.core.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A built-in MinAtar game through every job, no ROM needed: the store, trainer, evaluator and SQL work
 * unchanged on 4 x 10 x 10 frames, with MinAtar's network from conf/minatar.conf.
 */
class MinAtarCycleTest {
    @TempDir
    Path store;

    private final StringWriter err = new StringWriter();

    private int dqn(String... args) {
        return Dqn.execute(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    }

    @Test
    void aCycleOnMinAtarBreakoutStoresItsFramesTrainsItsNetworkAndScoresIt() {
        assertEquals(0, dqn("cycle", "--game", "minatar:breakout", "--store", store.toString(), "--run", "m",
                "--conf", Path.of("..", "conf", "minatar.conf").toString(), "--master", "local[2]",
                "--set", "dqn.cycle.agent-steps=600", "--set", "dqn.train.replay-start-size=400",
                "--set", "dqn.train.update-frequency=10", "--set", "dqn.train.updates-per-fit=30",
                "--set", "dqn.evaluate.games=4"), err.toString());

        SparkSession spark = TestSpark.session();
        StoreTables.register(spark, store.toString());
        Row frames = spark.sql("SELECT count(*), min(length(frame)), max(length(frame)) FROM transitions").first();
        assertEquals(1000L, frames.getLong(0));
        assertEquals(400, frames.getInt(1), "4 channels of 10 x 10");
        assertEquals(400, frames.getInt(2));
        // Binary channels, stored as 0 and 255.
        assertEquals(List.of(0, 255), distinctBytes(spark));
        Row cycle = spark.sql("SELECT updates, snapshot, evaluation_games, random_score FROM cycles").first();
        assertEquals(60L, cycle.getLong(0));
        assertEquals("epoch-1", cycle.getString(1));
        assertEquals(4, cycle.getInt(2));
        assertTrue(!cycle.isNullAt(3), "the random baseline was scored");
        assertEquals(2L, spark.sql("SELECT count(DISTINCT evaluation) FROM evaluations").first().getLong(0));
        Properties record = readGameRecord();
        assertEquals("minatar:breakout", record.getProperty("game"), record.toString());
        assertEquals("4x10x10", record.getProperty("frame_shape"), record.toString());
    }

    @Test
    void anUnknownBuiltInGameIsABadInputListingTheFive() {
        assertEquals(2, dqn("collect", "--game", "minatar:pacman", "--store", store.toString(), "--run", "x"));
        assertTrue(err.toString().contains("Unknown game 'minatar:pacman'"), err.toString());
        assertTrue(err.toString().contains("minatar:space_invaders"), err.toString());
        assertTrue(Files.notExists(store.resolve("x")), "nothing written");
    }

    @Test
    void aCommandWithoutAGameSaysHowToNameOne() {
        assertEquals(2, dqn("cycle", "--store", store.toString(), "--run", "x"));
        assertTrue(err.toString().contains("--rom ROM") && err.toString().contains("--game NAME"), err.toString());
    }

    private List<Integer> distinctBytes(SparkSession spark) {
        byte[] frame = (byte[]) spark.sql("SELECT frame FROM transitions LIMIT 1").first().get(0);
        java.util.TreeSet<Integer> values = new java.util.TreeSet<>();
        for (byte b : frame) {
            values.add(b & 0xff);
        }
        return List.copyOf(values);
    }

    private Properties readGameRecord() {
        try (java.io.Reader in = Files.newBufferedReader(store.resolve("m").resolve("game.properties"))) {
            Properties record = new Properties();
            record.load(in);
            return record;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
