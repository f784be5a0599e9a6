package org.dqnspark.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.dqnspark.core.UserError;
import org.dqnspark.core.store.StoreTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dqn sql}: one Spark SQL query over every table of every run in a store, its result printed. */
@Command(name = "sql", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a Spark SQL query over the store and prints its result. Every run's tables are the"
                + " views transitions, episodes, training, evaluations and snapshots; every row has its run.",
                "Example: dqn sql --store ./store \"SELECT run, count(*) FROM episodes GROUP BY run\"",
                "Several: dqn sql --store ./store --format csv --save out --query runs='SELECT ...' --query ..."})
public final class SqlCommand implements Callable<Integer> {
    @Mixin
    StoreReadOptions reader;

    @Option(names = "--format", paramLabel = "table|csv|json", defaultValue = "table",
            description = "Output: aligned table, CSV with a header, or one JSON object per line."
                    + " Default: ${DEFAULT-VALUE}.")
    ResultPrinter.Format format;


    @Parameters(arity = "0..*", paramLabel = "QUERY",
            description = "The query (several words are joined with spaces; quote it for the shell).")
    List<String> query;

    @Option(names = "--query", paramLabel = "NAME=QUERY", mapFallbackValue = "",
            description = "Instead of QUERY: a named query, repeatable, each result written to --save DIR as"
                    + " NAME.csv, NAME.json or NAME.txt. Several queries share one Spark session (the"
                    + " notebooks use this).")
    Map<String, String> namedQueries = new LinkedHashMap<>();

    @Option(names = "--save", paramLabel = "DIR", description = "Where the results of --query go (created).")
    Path saveDirectory;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        checkQueries();
        StoreTables.runs(reader.store, new Configuration()); // a missing store fails before Spark starts
        SparkSession spark = reader.startSpark("dqn sql");
        try {
            StoreTables.register(spark, reader.store);
            if (namedQueries.isEmpty()) {
                run(spark, String.join(" ", query), new ResultPrinter(spec.commandLine().getOut()));
            } else {
                Files.createDirectories(saveDirectory);
                for (Map.Entry<String, String> named : namedQueries.entrySet()) {
                    Path file = saveDirectory.resolve(named.getKey() + "." + extension());
                    try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
                        run(spark, named.getValue(), new ResultPrinter(writer));
                    }
                    spec.commandLine().getOut().println(named.getKey() + ": " + file);
                }
            }
        } finally {
            spark.stop();
        }
        return 0;
    }

    private void run(SparkSession spark, String sql, ResultPrinter printer) {
        try {
            printer.print(spark.sql(sql), format);
        } catch (Exception e) {
            throw badQuery(e);
        }
    }

    /** One QUERY, or named queries with the directory their results go to; names that make file names. */
    private void checkQueries() {
        boolean positional = query != null && !query.isEmpty();
        if (positional == !namedQueries.isEmpty()) {
            throw new UserError("give one QUERY, or named queries as --query NAME=QUERY with --save DIR.");
        }
        if (!namedQueries.isEmpty() && saveDirectory == null) {
            throw new UserError("--query writes its results to files: give the directory with --save DIR.");
        }
        namedQueries.forEach((name, sql) -> {
            if (!name.matches("[A-Za-z0-9_-]+") || sql.isBlank()) {
                throw new UserError("--query " + name + (sql.isBlank() ? "" : "=...") + ": give NAME=QUERY, the"
                        + " name of letters, digits, '_' or '-' (it names the file), e.g. --query"
                        + " cycles='SELECT * FROM cycles'.");
            }
        });
    }

    private String extension() {
        return switch (format) {
            case table -> "txt";
            case csv -> "csv";
            case json -> "json";
        };
    }

    /** A query Spark cannot parse or resolve is a bad input, told in Spark's own words; anything else fails. */
    private static RuntimeException badQuery(Exception e) {
        if (e instanceof ParseException parse) {
            return new UserError(parse.getMessage().strip());
        }
        if (e instanceof AnalysisException analysis) {
            // The simple message leaves out the logical plan that getMessage() appends.
            return new UserError(analysis.getSimpleMessage().strip());
        }
        return e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
    }
}
