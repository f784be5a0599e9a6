package org.dqnspark.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.dqnspark.core.config.Settings;
import org.junit.jupiter.api.Test;

/** Running out of heap is told in one line that names DQN_JAVA_OPTS and the replay size. */
class OutOfMemoryTest {
    @Test
    void anOutOfMemoryErrorInASparkTaskIsRecognisedFromTheTextSparkPassesOn() {
        // Spark reports a task's error to the driver as text inside a SparkException.
        Exception fromSpark = new RuntimeException("dqn", new IllegalStateException("Job aborted due to stage failure:"
                + " Task 0 in stage 3407.0 failed 1 times, most recent failure: java.lang.OutOfMemoryError: Java heap"
                + " space"));
        assertTrue(Dqn.outOfMemory(fromSpark));
        assertTrue(Dqn.outOfMemory(new OutOfMemoryError("Java heap space")));
        assertFalse(Dqn.outOfMemory(new IllegalStateException("something else")));
    }

    @Test
    void theAdviceIsOneLineNamingTheReplaySizeAndDqnJavaOpts() {
        String advice = OutOfMemory.advice(Optional.of(Settings.withOverrides(List.of("dqn.train.replay-size=600000"))));
        assertEquals(1, advice.lines().count(), advice);
        assertTrue(advice.contains("dqn.train.replay-size = 600,000") && advice.contains("DQN_JAVA_OPTS=-Xmx"), advice);
    }
}
