package org.dqnspark.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dqn train}'s answers to bad input (training itself is tested in the trainer module). */
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

    @Test
    void aMistypedTrainSettingIsNamed() {
        assertEquals(2, dqn("train", "--store", dir.toString(), "--run", "r", "--set", "dqn.train.batchsize=64"));
        assertTrue(err.toString().contains("Unknown setting 'dqn.train.batchsize'"), err.toString());
        assertTrue(err.toString().contains("dqn.train.batch-size"), err.toString());
    }
}
