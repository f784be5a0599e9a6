package org.dqnspark.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/**
 * Real runs of every table in about a minute, for the tests of commands that read a store: {@code dqn cycle}
 * on MinAtar Breakout, cycles of 600 agent steps (300 random before the first of 6 updates), 2 evaluation
 * games.
 */
public final class TinyCycleRuns {
    private TinyCycleRuns() {
    }

    /** Runs {@code cycles} cycles of run {@code run} in {@code store}; fails the test if the command fails. */
    public static void build(Path store, String run, int cycles) {
        StringWriter err = new StringWriter();
        int code = Dqn.execute(new String[] {"cycle", "--game", "minatar:breakout", "--store", store.toString(),
            "--run", run, "--cycles", Integer.toString(cycles), "--master", "local[2]",
            "--conf", Path.of("..", "conf", "minatar.conf").toAbsolutePath().normalize().toString(),
            "--set", "dqn.cycle.agent-steps=600", "--set", "dqn.train.replay-start-size=300",
            "--set", "dqn.train.update-frequency=50", "--set", "dqn.train.updates-per-fit=3",
            "--set", "dqn.train.held-out-states=50", "--set", "dqn.evaluate.games=2",
            "--set", "dqn.environment.evaluation-max-frames-per-episode=500"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
    }
}
