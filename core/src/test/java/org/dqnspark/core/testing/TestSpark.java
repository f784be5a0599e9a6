package org.dqnspark.core.testing;

import org.apache.spark.sql.SparkSession;
import org.dqnspark.core.spark.SparkSessions;

/**
 * One real local Spark session ({@code local[2]}) shared by the tests of a JVM, created on first use and
 * stopped when the JVM exits, as Spark's own test suites share theirs.
 */
public final class TestSpark {
    private static SparkSession session;

    private TestSpark() {
    }

    public static synchronized SparkSession session() {
        // A command under test stops the session it used, as the real CLI does; then start another.
        if (session == null || session.sparkContext().isStopped()) {
            System.setProperty("spark.ui.enabled", "false");
            System.setProperty("spark.sql.shuffle.partitions", "4");
            session = SparkSessions.create("dqn-spark tests", "local[2]");
            SparkSession started = session;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
        }
        return session;
    }
}
