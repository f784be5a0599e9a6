package org.dqnspark.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.core.UserError;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.spark.SparkSessions;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.store.StoreTables;
import picocli.CommandLine.Option;

/** The options of the commands that read a whole store ({@code sql}, {@code plot}, {@code store check}). */
public final class StoreReadOptions {
    @Option(names = "--store", required = true, paramLabel = "DIR",
            description = "The store: a directory (or any Hadoop file system URL) holding the runs.")
    public String store;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (default: dqn.spark.master, local[*]); spark-submit's wins.")
    String master;

    /**
     * @throws UserError naming the runs the store lacks and listing those it has (or a missing store, as
     *         {@link StoreTables#runs})
     */
    public void checkRunsExist(List<String> runs) {
        List<String> known = StoreTables.runs(store, new Configuration()).stream().map(RunLayout::run).toList();
        List<String> unknown = new ArrayList<>(runs);
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new UserError("No run " + String.join(", ", unknown) + " in the store " + store + "; its runs: "
                    + (known.isEmpty() ? "none" : String.join(", ", known)));
        }
    }

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
