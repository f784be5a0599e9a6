package org.dqnspark.app;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.spark.SparkSessions;
import picocli.CommandLine.Option;

/** The options of the commands that read a whole store ({@code sql}, {@code plot}, {@code store check}). */
public final class StoreReadOptions {
    @Option(names = "--store", required = true, paramLabel = "DIR",
            description = "The store: a directory (or any Hadoop file system URL) holding the runs.")
    public String store;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (default: dqn.spark.master, local[*]); spark-submit's wins.")
    String master;

    /** The command's Spark session, on --master or the settings' default master. */
    public SparkSession startSpark(String appName) {
        return startSpark(appName, Map.of());
    }

    /** As {@link #startSpark(String)}, with {@code settings} (Spark's keys) set on the session. */
    public SparkSession startSpark(String appName, Map<String, String> settings) {
        String sparkMaster = master != null ? master : Settings.withOverrides(List.of()).getString("dqn.spark.master");
        return SparkSessions.create(appName, sparkMaster, settings);
    }
}
