package org.dqnspark.app.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.app.StoreReadOptions;
import org.dqnspark.core.store.StoreTables;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dqn plot}: a run's learning curves (or several runs', overlaid) as one PNG of charts. */
@Command(name = "plot", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Plots runs' tables as one PNG: by default simple_dqn's four panels (score per game:"
                + " evaluation per snapshot, training episodes' mean return and the random policy's level; mean"
                + " max Q on the held-out states; games per epoch; mean loss). Several runs are overlaid, one colour"
                + " each, named in the legends. Needs no display.",
            "Example: dqn plot --store ./store --run minatar --x cycle"})
public final class PlotCommand implements Callable<Integer> {
    @Mixin
    StoreReadOptions reader;

    @Option(names = "--run", required = true, split = ",", paramLabel = "NAME",
            description = "The run to plot; several, comma-separated, are overlaid.")
    List<String> runs;

    @Option(names = "--out", paramLabel = "FILE.png",
            description = "The PNG to write. Default: <run>.png in the current directory, plot.png for several runs.")
    Path out;

    @Option(names = "--fields", split = ",", paramLabel = "F",
            description = "Instead of the four panels, one per field: a numeric column of the training table"
                    + " (meanq, average_reward, updates_per_second, ...), or of the cycles table as cycles.<column>"
                    + " (cycles.evaluation_score, cycles.epsilon, ...).")
    List<String> fields;

    @Option(names = "--x", paramLabel = "agent_steps|updates|cycle", defaultValue = "agent_steps",
            converter = XAxis.Converter.class,
            description = "The horizontal axis: agent steps, updates (total_updates), or cycle (runs made by"
                    + " dqn cycle). Default: ${DEFAULT-VALUE}.")
    XAxis axis;


    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        // Before AWT loads: the charts are drawn in memory, on machines with no display.
        System.setProperty("java.awt.headless", "true");
        if (fields != null) {
            PlotData.checkFields(fields); // before Spark starts
        }
        reader.checkRunsExist(runs);
        Path file = out != null ? out : Path.of(runs.size() == 1 ? runs.get(0) + ".png" : "plot.png");
        SparkSession spark = reader.startSpark("dqn plot");
        List<XYChart> charts;
        try {
            StoreTables.register(spark, reader.store);
            PlotData data = new PlotData(spark, axis, runs);
            charts = PlotCharts.charts(fields == null ? data.defaults() : data.fields(fields), axis, runs);
        } finally {
            spark.stop();
        }
        PlotCharts.write(charts, file);
        spec.commandLine().getOut().println("dqn plot: wrote " + file.toAbsolutePath().normalize() + " ("
                + charts.size() + " panels, " + String.join(", ", runs) + ")");
        return 0;
    }
}
