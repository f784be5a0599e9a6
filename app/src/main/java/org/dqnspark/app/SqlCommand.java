package org.dqnspark.app;

import java.util.List;
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
                "Example: dqn sql --store ./store \"SELECT run, count(*) FROM episodes GROUP BY run\""})
public final class SqlCommand implements Callable<Integer> {
    @Mixin
    StoreReadOptions reader;

    @Option(names = "--format", paramLabel = "table|csv|json", defaultValue = "table",
            description = "Output: aligned table, CSV with a header, or one JSON object per line."
                    + " Default: ${DEFAULT-VALUE}.")
    ResultPrinter.Format format;


    @Parameters(arity = "1..*", paramLabel = "QUERY",
            description = "The query (several words are joined with spaces; quote it for the shell).")
    List<String> query;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        StoreTables.runs(reader.store, new Configuration()); // a missing store fails before Spark starts
        SparkSession spark = reader.startSpark("dqn sql");
        try {
            StoreTables.register(spark, reader.store);
            ResultPrinter printer = new ResultPrinter(spec.commandLine().getOut());
            try {
                Dataset<Row> result = spark.sql(String.join(" ", query));
                printer.print(result, format);
            } catch (Exception e) {
                throw badQuery(e);
            }
        } finally {
            spark.stop();
        }
        return 0;
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
