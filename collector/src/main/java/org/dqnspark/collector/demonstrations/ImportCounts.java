package org.dqnspark.collector.demonstrations;

import java.util.Map;
import java.util.TreeMap;

/** What an import did, counted as it goes; {@link ImportReport} is its summary. Not thread-safe. */
final class ImportCounts {
    long episodes;
    long gameOvers;
    long agentSteps;
    long frames;
    long mixedActionSteps;
    /** Actions outside the minimal set, by "FROM -> TO". */
    final Map<String, Long> mapped = new TreeMap<>();
    /** Frames, rows or episodes read but not imported (or imported changed), by reason. */
    final Map<String, Long> skipped = new TreeMap<>();

    void skip(String reason, long count) {
        if (count > 0) {
            skipped.merge(reason, count, Long::sum);
        }
    }
}
