package org.dqnspark.collector;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.Games;
import org.dqnspark.core.policy.PlayingPolicy;
import org.dqnspark.core.spark.PausePoints;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Collect's progress lines follow its actors (real local[2] Spark, MinAtar Breakout, no ROM): counted in
 * executor heartbeats, not seconds, so that the test does not race the machine's speed.
 */
class CollectProgressTest {
    /** Only a safety net: every wait below is for an event, not for time to pass. */
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path store;

    @Test
    void progressShowsTheActorsStepsNoLaterThanTheSecondHeartbeatAfterTheyStartPlaying() throws Exception {
        SparkSession spark = TestSpark.session();
        Settings settings = Settings.withOverrides(List.of("dqn.collect.agent-steps=1000", "dqn.collect.actors=2",
                "dqn.collect.progress-interval=100ms", "dqn.agent.history-length=1"));
        CollectRequest request = new CollectRequest(Games.builtIn("minatar:breakout"),
                RunLayout.of(store.toString(), "progress"), new PlayingPolicy.Random(),
                CollectSettings.from(settings), settings);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        HeartbeatsWithTasks heartbeats = new HeartbeatsWithTasks();

        // Each actor plays one agent step and stops there, holding it in its accumulator.
        System.setProperty(PausePoints.PROPERTY, PausePoints.COLLECT_ACTOR_STEP + "@1");
        CompletableFuture<CollectReport> job = CompletableFuture.supplyAsync(() -> new CollectJob(spark, out)
                .run(request));
        try {
            await(() -> PausePoints.pausedAt(PausePoints.COLLECT_ACTOR_STEP, 1) == 2, "both actors' first step");
            // Added after the job's own listener, on the same bus: it sees each heartbeat after that one did.
            spark.sparkContext().addSparkListener(heartbeats);
            await(() -> heartbeats.count.get() >= 2, "two heartbeats after the actors' first step");
            // The first line begun after this point may have read its numbers just before it; the one after that
            // read them after the heartbeats.
            int linesBefore = lines(printed).size();
            await(() -> lines(printed).size() > linesBefore + 2, "two more progress lines");
            String line = lines(printed).get(linesBefore + 1);
            assertTrue(line.startsWith("collect: 2/1,000 agent steps"), "two actors have played one step each: " + line
                    + "\n" + printed.toString(StandardCharsets.UTF_8));
        } finally {
            System.clearProperty(PausePoints.PROPERTY);
            spark.sparkContext().removeSparkListener(heartbeats);
            spark.sparkContext().cancelAllJobs();
        }
        assertThrows(ExecutionException.class, job::get, "a cancelled collect fails");
        assertFalse(Files.exists(store.resolve("progress").resolve("transitions")), "a cancelled collect commits nothing");
    }

    private static List<String> lines(ByteArrayOutputStream printed) {
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("waited " + TIMEOUT + " for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Counts the heartbeats that carry running tasks' accumulators. */
    private static final class HeartbeatsWithTasks extends SparkListener {
        final AtomicLong count = new AtomicLong();

        @Override
        public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
            if (!update.accumUpdates().isEmpty()) {
                count.incrementAndGet();
            }
        }
    }
}
