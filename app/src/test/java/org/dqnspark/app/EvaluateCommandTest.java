package org.dqnspark.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dqn evaluate}'s answers to bad input (the protocol itself is tested in the evaluator module). */
class EvaluateCommandTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int dqn(String... args) {
        return Dqn.execute(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    }

    @Test
    void aPolicyOtherThanRandomIsABadInput() {
        assertEquals(2, dqn("evaluate", "--store", dir.toString(), "--run", "r", "--policy", "greedy"));
        assertTrue(err.toString().contains("--policy takes only 'random'"), err.toString());
    }

    @Test
    void anEpsilonAboveOneIsABadInput() {
        assertEquals(2, dqn("evaluate", "--store", dir.toString(), "--run", "r", "--epsilon", "1.5"));
        assertTrue(err.toString().contains("'dqn.evaluate.epsilon' must be between 0 and 1"), err.toString());
    }

    @Test
    void aRunWithoutARecordedGameNeedsARom() {
        assertEquals(2, dqn("evaluate", "--store", dir.toString(), "--run", "r", "--policy", "random",
                "--master", "local[2]"));
        assertTrue(err.toString().contains("has no recorded game"), err.toString());
    }
}
