package org.dqnspark.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.Game;
import org.dqnspark.core.env.Games;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.store.RunStore;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every job shares: where the store is, which run, and the settings. */
public final class JobOptions {
    @Option(names = "--store", required = true, paramLabel = "DIR",
            description = "The store: a directory (or any Hadoop file system URL) holding the runs.")
    String store;

    @Option(names = "--run", required = true, paramLabel = "NAME", description = "The run's name within the store.")
    String run;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (default: dqn.spark.master, local[*]); spark-submit's wins.")
    String master;

    @Mixin
    SettingsOptions settingsFiles;

    @Option(names = "--ui", description = "Start Spark's web UI (port 4040 on; off by default: it shows the"
            + " job's environment and settings to anyone who can reach the host).")
    boolean sparkUi;

    @Option(names = "--wait", description = "If another dqn command is writing to the run, wait for it to finish"
            + " rather than stop.")
    boolean waitForWriter;

    /** The settings the command resolved, for messages about a failure after it started. */
    private Settings resolved;

    /**
     * The settings: defaults, then those of {@code game}'s family (a MinAtar game gets MinAtar's network), then
     * --conf, then --set, then the command's own flags (given as key=value).
     */
    Settings settings(List<String> flagOverrides, Game game) {
        return settings(flagOverrides, Optional.of(game.family()));
    }

    /**
     * Where the run is: its name checked, and its path ({@link RunStore#checkPath}: no regular file where the
     * store or the run's directory should be).
     */
    RunLayout layout() {
        RunLayout layout = RunLayout.of(store, run);
        new RunStore(layout, new Configuration()).checkPath();
        return layout;
    }

    /** As {@link #settings(List, Game)} for the game the run already plays (none yet: the defaults alone). */
    Settings settingsOfRun(List<String> flagOverrides) {
        RunStore store = new RunStore(layout(), new Configuration());
        return settings(flagOverrides, store.game().map(g -> Games.familyOf(g.game())));
    }

    private Settings settings(List<String> flagOverrides, Optional<String> gameFamily) {
        List<String> all = new ArrayList<>(flagOverrides);
        if (master != null) {
            all.add("dqn.spark.master=\"" + master + "\"");
        }
        if (sparkUi) {
            System.setProperty("spark.ui.enabled", "true"); // read by SparkConf when the job starts its session
        }
        resolved = settingsFiles.load(all, gameFamily);
        return resolved;
    }

    /** The run's writer lock for {@code command}, held until closed: one command writes to a run at a time. */
    RunLock lockRun(String command) {
        return RunLock.acquire(RunLayout.of(store, run), command, waitForWriter);
    }

    /** The settings this command resolved, once it has. */
    Optional<Settings> resolved() {
        return Optional.ofNullable(resolved);
    }
}
