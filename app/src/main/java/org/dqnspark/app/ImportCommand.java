package org.dqnspark.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.collector.CollectSettings;
import org.dqnspark.collector.demonstrations.DatasetFormat;
import org.dqnspark.collector.demonstrations.DemonstrationImport;
import org.dqnspark.collector.demonstrations.ImportReport;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.RomFile;
import org.dqnspark.core.spark.SparkSessions;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.store.RunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dqn import}: human gameplay datasets into a run's tables, as a person's recorded play. */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Imports recorded human play of an Atari game into a run: Atari-HEAD trials (a trial's .txt"
                + " beside its .tar.bz2) or Atari Grand Challenge trajectories (trajectories/<game>/<n>.txt beside"
                + " screens/<game>/<n>/). Each trial becomes one iteration of the run's tables (source human), in the"
                + " collector's preprocessing; all trials of one import are committed together or not at all, and a"
                + " trial already in the run adds nothing."})
public final class ImportCommand implements Callable<Integer> {
    @Option(names = "--format", required = true, paramLabel = "atari-head|agc", description = "The dataset's format.")
    String format;

    @Option(names = "--rom", required = true, paramLabel = "ROM",
            description = "The ROM of the dataset's game (checked by MD5), e.g. ../shared/roms/breakout.bin.")
    Path rom;

    @Option(names = "--store", required = true, paramLabel = "DIR", description = "The store holding the run.")
    String store;

    @Option(names = "--run", required = true, paramLabel = "NAME", description = "The run to import into.")
    String run;

    @Option(names = "--dataset-game", paramLabel = "NAME", description = "The dataset's name of the game, when the"
            + " trials' folder no longer names it (by default the folder a trial lies in: Atari-HEAD's <game>/,"
            + " the Grand Challenge's trajectories/<game>/).")
    String datasetGame;

    @Parameters(arity = "1..*", paramLabel = "PATH",
            description = "Trial files, or directories holding them (searched recursively).")
    List<Path> paths;

    @Mixin
    SettingsOptions settingsFiles;

    @Option(names = "--wait", description = "If another dqn command is writing to the run, wait for it to finish.")
    boolean waitForWriter;

    @Override
    public Integer call() {
        DatasetFormat dataset = DatasetFormat.of(format);
        RomFile game = RomFile.load(rom);
        Settings settings = settingsFiles.load(List.of(), Optional.of(game.family()));
        RunLayout layout = RunLayout.of(store, run);
        new RunStore(layout, new org.apache.hadoop.conf.Configuration()).checkPath();
        SparkSession spark = SparkSessions.create("dqn import " + run, settings.getString("dqn.spark.master"));
        try (RunLock lock = RunLock.acquire(layout, "dqn import", waitForWriter)) {
            RunStore runStore = new RunStore(layout, spark.sparkContext().hadoopConfiguration());
            ImportReport report = new DemonstrationImport(spark, System.out).run(new DemonstrationImport.Request(
                    dataset, paths, Optional.ofNullable(datasetGame), game,
                    CollectSettings.from(settings).environment(), settings.render()), runStore);
            report.lines(game.game(), run).forEach(line -> System.out.println("import: " + line));
        } finally {
            spark.stop();
        }
        return 0;
    }
}
