package org.dqnspark.app.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.dqnspark.app.Dqn;
import org.dqnspark.core.spark.PausePoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One command writes to a run at a time: a second writer stops at once naming the first, whatever the two
 * commands are, and the run is free again however the first ended (MinAtar Breakout, no ROM).
 */
class OneWriterPerRunTest {
    @TempDir
    Path store;

    private final StringWriter err = new StringWriter();

    private int dqn(String... args) {
        return Dqn.execute(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    }

    private List<String> collect(String run, int agentSteps) {
        return List.of("collect", "--game", "minatar:breakout", "--store", store.toString(), "--run", run,
                "--agent-steps", String.valueOf(agentSteps), "--master", "local[2]");
    }

    @Test
    void aSecondWriterStopsAtOnceNamingTheFirstAndTheRunIsFreeOnceTheFirstIsKilled() throws Exception {
        assertEquals(0, dqn(collect("r", 300).toArray(String[]::new)), err.toString());
        DqnProcess first = DqnProcess.start(store.resolve("first.log"), collect("r", 2000),
                PausePoints.COLLECT_ACTOR_STEP + "@100");
        first.awaitLine(Pattern.quote("dqn: paused at " + PausePoints.COLLECT_ACTOR_STEP + "@100"),
                Duration.ofMinutes(3));

        assertEquals(2, dqn(collect("r", 300).toArray(String[]::new)));
        assertTrue(err.toString().contains("Another dqn command is writing to run 'r': dqn collect, pid ")
                && err.toString().contains("--wait"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, dqn("train", "--store", store.toString(), "--run", "r", "--updates", "5", "--set",
                "dqn.train.replay-start-size=0", "--master", "local[2]"));
        assertTrue(err.toString().contains("Another dqn command is writing to run 'r': dqn collect"), err.toString());

        first.kill();
        assertEquals(0, dqn(collect("r", 300).toArray(String[]::new)), err.toString());
        try (var files = Files.list(store.resolve("r/transitions"))) {
            assertEquals(List.of("iteration=0", "iteration=1"), files.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("iteration=")).sorted().toList(),
                    "the killed collect committed nothing; the one after it is iteration 1");
        }
    }
}
