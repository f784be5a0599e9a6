package org.dqnspark.app;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_csv;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Console;
import scala.runtime.BoxedUnit;

/**
 * Prints a query's whole result in one of three formats, each written by Spark: {@code table} is
 * {@code show()}'s table, {@code csv} Spark's CSV writer ({@code to_csv}) set to RFC 4180, {@code json}
 * Spark's JSON lines. For {@code table} and {@code csv} every value is first turned into text by Spark
 * ({@code CAST(c AS STRING)}), and a binary value (a frame) into its size, {@code <7056 bytes>}, so frames
 * never travel to the driver.
 */
final class ResultPrinter {
    /** The output formats, spelt as the user types them. */
    enum Format { table, csv, json }

    /** Longest value the table shows; longer ones end in "...". */
    static final int MAX_WIDTH = 60;

    /**
     * Spark's CSV writer as RFC 4180 has it: a quote in a value doubled (Spark's default escapes it with a
     * backslash) and spaces around a value kept (Spark's default trims them). Spark's defaults do the rest:
     * a value is quoted when it holds a comma, a quote or a line break, an empty text prints as {@code ""}
     * and a null as nothing.
     */
    private static final Map<String, String> RFC_4180 = Map.of("escape", "\"", "ignoreLeadingWhiteSpace", "false",
            "ignoreTrailingWhiteSpace", "false");

    private final PrintWriter out;

    ResultPrinter(PrintWriter out) {
        this.out = out;
    }

    void print(Dataset<Row> result, Format format) {
        switch (format) {
            case table -> table(result);
            case csv -> csv(result);
            case json -> json(result);
        }
        out.flush();
    }

    /** Spark's show() of every row, values cut at {@link #MAX_WIDTH} characters, then the row count. */
    private void table(Dataset<Row> result) {
        Dataset<Row> text = asText(result);
        List<Row> rows = text.collectAsList();
        // Shown from the rows collected, so that the query runs once and the count is known.
        Dataset<Row> collected = result.sparkSession().createDataFrame(rows, text.schema()).toDF(result.columns());
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        // show() prints to Scala's Console.out; this thread's goes to the buffer while it runs.
        Console.withOut(new PrintStream(shown, true, StandardCharsets.UTF_8), () -> {
            collected.show(rows.size(), MAX_WIDTH);
            return BoxedUnit.UNIT;
        });
        out.println(shown.toString(StandardCharsets.UTF_8).stripTrailing());
        out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    }

    /** A header line, then one line per row, each written by Spark's CSV writer. */
    private void csv(Dataset<Row> result) {
        String[] names = result.columns();
        Dataset<Row> header = result.sparkSession().createDataFrame(List.of(RowFactory.create((Object[]) names)),
                textSchema(names.length));
        out.println(csvLines(header).first());
        Iterator<String> lines = csvLines(asText(result)).toLocalIterator();
        while (lines.hasNext()) {
            out.println(lines.next());
        }
    }

    /** Each row of {@code text} (columns c0, c1, ... of text) as one CSV record. */
    private static Dataset<String> csvLines(Dataset<Row> text) {
        Column[] columns = Arrays.stream(text.columns()).map(c -> col(c)).toArray(Column[]::new);
        return text.select(to_csv(struct(columns), RFC_4180)).as(Encoders.STRING());
    }

    /** One JSON object per line, as Spark writes them (a null field is left out, binary is base64). */
    private void json(Dataset<Row> result) {
        Iterator<String> lines = result.toJSON().toLocalIterator();
        while (lines.hasNext()) {
            out.println(lines.next());
        }
    }

    /** Every column as text, computed by Spark; binary as its size. Columns are named c0, c1, ... by position. */
    private static Dataset<Row> asText(Dataset<Row> result) {
        StructField[] fields = result.schema().fields();
        // Renamed by position first: a join's result may repeat a name, which col(name) could not pick.
        Dataset<Row> renamed = result.toDF(textSchema(fields.length).fieldNames());
        Column[] columns = new Column[fields.length];
        for (int i = 0; i < fields.length; i++) {
            Column c = col("c" + i);
            columns[i] = fields[i].dataType() instanceof BinaryType
                    ? concat(lit("<"), length(c).cast("string"), lit(" bytes>"))
                    : c.cast("string");
        }
        return renamed.select(columns);
    }

    /** {@code count} nullable text columns named c0, c1, ... */
    private static StructType textSchema(int count) {
        StructField[] fields = new StructField[count];
        for (int i = 0; i < count; i++) {
            fields[i] = DataTypes.createStructField("c" + i, DataTypes.StringType, true);
        }
        return DataTypes.createStructType(fields);
    }
}
