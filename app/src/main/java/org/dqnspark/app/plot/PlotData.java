package org.dqnspark.app.plot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.dqnspark.core.UserError;
import org.dqnspark.core.store.CycleTable;
import org.dqnspark.core.store.StoreTables;

/**
 * The lines of {@code dqn plot}, read from the store's views ({@link StoreTables#register}) with Spark SQL:
 * every value is placed on the horizontal axis by the (run, epoch) it belongs to ({@link XAxis#positions}).
 */
public final class PlotData {
    private static final String POSITIONS = "plot_positions";
    private static final String CYCLES_PREFIX = "cycles.";

    private final SparkSession spark;
    private final XAxis axis;
    private final List<String> runs;

    /**
     * @param spark a session whose views are the store's ({@link StoreTables#register})
     * @param runs  the runs to plot, each of them in the store
     */
    public PlotData(SparkSession spark, XAxis axis, List<String> runs) {
        this.spark = spark;
        this.axis = axis;
        this.runs = List.copyOf(runs);
        spark.sql(axis.positions()).createOrReplaceTempView(POSITIONS);
        Map<String, List<double[]>> positions = byRun("SELECT run, x, x FROM " + POSITIONS);
        for (String run : runs) {
            if (!positions.containsKey(run)) {
                throw new UserError("Run " + run + " has no " + (axis == XAxis.CYCLE
                        ? "completed cycle (it was not made by dqn cycle): plot it with --x agent_steps or --x updates"
                        : "training epoch yet: nothing to plot"));
            }
        }
    }

    /**
     * simple_dqn's four panels: the score (evaluation per snapshot, training episodes' mean return, the
     * random policy's level), the mean max Q on the held-out states, the games per epoch and the mean loss.
     */
    public List<Panel> defaults() {
        List<Panel.Line> score = new ArrayList<>();
        Map<String, List<double[]>> evaluations = byRun("SELECT e.run, p.x, e.y FROM (SELECT run, epoch, avg(score) AS y"
                + " FROM evaluations WHERE policy <> 'random' AND epoch IS NOT NULL GROUP BY run, epoch) e"
                + " JOIN " + POSITIONS + " p ON p.run = e.run AND p.epoch = e.epoch");
        Map<String, List<double[]>> episodes = byRun(trainingQuery("average_reward"));
        Map<String, List<double[]>> random = byRun(
                "SELECT run, 0, avg(score) FROM evaluations WHERE policy = 'random' GROUP BY run");
        for (String run : runs) {
            score.addAll(lines(run, "evaluation", Panel.Style.POINTS, evaluations));
            score.addAll(lines(run, "training episodes", Panel.Style.SECOND, episodes));
            if (random.containsKey(run)) {
                score.add(level(run, random.get(run).get(0)[1], score));
            }
        }
        return List.of(new Panel("Score per game", "score", score),
                trainingPanel("meanq", "Mean max Q on the held-out states", "Q"),
                trainingPanel("nr_games", "Games per epoch", "games"),
                trainingPanel("meancost", "Mean loss", "loss"));
    }

    /**
     * One panel per field: a numeric column of the training table, or of the cycles table as
     * {@code cycles.<column>}.
     *
     * @throws UserError naming a field that is neither, with the valid ones
     */
    public List<Panel> fields(List<String> fields) {
        List<Panel> panels = new ArrayList<>();
        checkFields(fields);
        for (String field : fields) {
            boolean cycles = field.startsWith(CYCLES_PREFIX);
            String column = cycles ? field.substring(CYCLES_PREFIX.length()) : field;
            panels.add(panel(field, column, column, cycles ? tableQuery("cycles", column) : trainingQuery(column)));
        }
        return panels;
    }

    /** @throws UserError naming the first field that is not a numeric column, with the valid ones */
    public static void checkFields(List<String> fields) {
        for (String field : fields) {
            boolean cycles = field.startsWith(CYCLES_PREFIX);
            String column = cycles ? field.substring(CYCLES_PREFIX.length()) : field;
            if (!numericColumns(cycles ? CycleTable.TABLE_SCHEMA : StoreTables.TRAINING_SCHEMA).contains(column)) {
                throw new UserError("Unknown field " + field + ". The training table's numeric columns: "
                        + String.join(", ", numericColumns(StoreTables.TRAINING_SCHEMA)) + "; the cycles table's, as "
                        + CYCLES_PREFIX + "<column>: " + String.join(", ", numericColumns(CycleTable.TABLE_SCHEMA)));
            }
        }
    }

    /** The columns of {@code schema} that hold numbers, in table order. */
    static List<String> numericColumns(StructType schema) {
        return Arrays.stream(schema.fields()).filter(field -> field.dataType() instanceof NumericType)
                .map(StructField::name).toList();
    }

    private Panel trainingPanel(String column, String title, String yTitle) {
        return panel(title, yTitle, column, trainingQuery(column));
    }

    /** A panel of one line per run, of the points {@code run, x, y} that {@code query} gives. */
    private Panel panel(String title, String yTitle, String label, String query) {
        Map<String, List<double[]>> values = byRun(query);
        List<Panel.Line> lines = new ArrayList<>();
        for (String run : runs) {
            lines.addAll(lines(run, label, Panel.Style.POINTS, values));
        }
        return new Panel(title, yTitle, lines);
    }

    private static String trainingQuery(String column) {
        return tableQuery("training", column);
    }

    /** {@code run, x, y}: a column of a table partitioned by epoch or holding it, placed on the axis. */
    private static String tableQuery(String table, String column) {
        return "SELECT t.run, p.x, CAST(t." + column + " AS DOUBLE) FROM " + table + " t JOIN " + POSITIONS
                + " p ON p.run = t.run AND p.epoch = t.epoch WHERE t." + column + " IS NOT NULL";
    }

    /** The rows {@code run, x, y} of {@code query} as points by run, ascending in x. */
    private Map<String, List<double[]>> byRun(String query) {
        Map<String, List<double[]>> points = new LinkedHashMap<>();
        for (Row row : spark.sql(query).collectAsList()) {
            double x = ((Number) row.get(1)).doubleValue();
            points.computeIfAbsent(row.getString(0), run -> new ArrayList<>())
                    .add(new double[] {x, ((Number) row.get(2)).doubleValue()});
        }
        points.values().forEach(list -> list.sort((a, b) -> Double.compare(a[0], b[0])));
        return points;
    }

    /** The run's line of {@code points}, or none when it has no point. */
    private static List<Panel.Line> lines(String run, String label, Panel.Style style,
                                          Map<String, List<double[]>> points) {
        List<double[]> own = points.get(run);
        if (own == null) {
            return List.of();
        }
        return List.of(new Panel.Line(run, label, style, own.stream().mapToDouble(p -> p[0]).toArray(),
                own.stream().mapToDouble(p -> p[1]).toArray()));
    }

    /** The random policy's score as a level across the run's other lines. */
    private static Panel.Line level(String run, double score, List<Panel.Line> lines) {
        double[] xs = lines.stream().filter(line -> line.run().equals(run))
                .flatMapToDouble(line -> Arrays.stream(line.x())).toArray();
        double from = Arrays.stream(xs).min().orElse(0);
        double to = Arrays.stream(xs).max().orElse(1);
        return new Panel.Line(run, "random policy", Panel.Style.LEVEL, new double[] {from, to},
                new double[] {score, score});
    }

}
