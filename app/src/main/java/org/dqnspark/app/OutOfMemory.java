package org.dqnspark.app;

import java.util.Optional;
import org.dqnspark.core.config.Settings;

/** What to tell a user whose job ran out of Java heap: one line, with the settings that decide it. */
final class OutOfMemory {
    private OutOfMemory() {
    }

    static String advice(Optional<Settings> settings) {
        String replay = settings.map(s -> String.format(" with dqn.train.replay-size = %,d transitions"
                + " (dqn.train.replay-frames = %s)", s.getLong("dqn.train.replay-size"),
                s.getString("dqn.train.replay-frames"))).orElse("");
        return String.format("out of Java heap (%.1f GB)%s. Give the JVM more (DQN_JAVA_OPTS=-Xmx%dg bin/dqn ...),"
                + " or lower dqn.train.replay-size; rerun the same command to resume.",
                Runtime.getRuntime().maxMemory() / 1e9, replay,
                Math.max(2, 2 * Math.round(Runtime.getRuntime().maxMemory() / (double) (1L << 30))));
    }
}
