package org.dqnspark.app;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * Prints a query's whole result in one of three formats. For {@code table} and {@code csv} every value
 * is turned into text by Spark ({@code CAST(c AS STRING)}, as {@code show()} does), and a binary value
 * (a frame) into its size, {@code <7056 bytes>}, so frames never travel to the driver.
 */
final class ResultPrinter {
    /** The output formats, spelt as the user types them. */
    enum Format { table, csv, json }

    /** Longest value the table shows; longer ones end in "...". */
    static final int MAX_WIDTH = 60;

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

    /** Aligned columns under a header, numbers to the right, like Spark's show(), then the row count. */
    private void table(Dataset<Row> result) {
        StructField[] fields = result.schema().fields();
        List<String[]> rows = new ArrayList<>();
        for (Row row : asText(result).collectAsList()) {
            String[] cells = new String[fields.length];
            for (int i = 0; i < fields.length; i++) {
                cells[i] = cell(row.isNullAt(i) ? "null" : row.getString(i));
            }
            rows.add(cells);
        }
        int[] widths = new int[fields.length];
        for (int i = 0; i < fields.length; i++) {
            widths[i] = fields[i].name().length();
            for (String[] cells : rows) {
                widths[i] = Math.max(widths[i], cells[i].length());
            }
        }
        StringBuilder rule = new StringBuilder("+");
        for (int width : widths) {
            rule.append("-".repeat(width)).append('+');
        }
        out.println(rule);
        String[] header = new String[fields.length];
        boolean[] right = new boolean[fields.length];
        for (int i = 0; i < fields.length; i++) {
            header[i] = fields[i].name();
            right[i] = fields[i].dataType() instanceof NumericType;
        }
        out.println(line(header, widths, right));
        out.println(rule);
        for (String[] cells : rows) {
            out.println(line(cells, widths, right));
        }
        out.println(rule);
        out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    }

    private static String cell(String value) {
        String flat = value.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
        return flat.length() <= MAX_WIDTH ? flat : flat.substring(0, MAX_WIDTH - 3) + "...";
    }

    private static String line(String[] cells, int[] widths, boolean[] right) {
        StringBuilder line = new StringBuilder("|");
        for (int i = 0; i < cells.length; i++) {
            String pad = " ".repeat(widths[i] - cells[i].length());
            line.append(right[i] ? pad + cells[i] : cells[i] + pad).append('|');
        }
        return line.toString();
    }

    /** A header line, then one line per row; fields quoted as RFC 4180 says, a null as an empty field. */
    private void csv(Dataset<Row> result) {
        String[] names = result.columns();
        List<String> header = new ArrayList<>();
        for (String name : names) {
            header.add(csvField(name));
        }
        out.println(String.join(",", header));
        Iterator<Row> rows = asText(result).toLocalIterator();
        while (rows.hasNext()) {
            Row row = rows.next();
            List<String> fields = new ArrayList<>(names.length);
            for (int i = 0; i < names.length; i++) {
                fields.add(row.isNullAt(i) ? "" : csvField(row.getString(i)));
            }
            out.println(String.join(",", fields));
        }
    }

    static String csvField(String value) {
        if (value.isEmpty()) {
            return "\"\""; // an empty text, unlike a null
        }
        if (value.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /** One JSON object per line, as Spark writes them (a null field is left out, binary is base64). */
    private void json(Dataset<Row> result) {
        Iterator<String> lines = result.toJSON().toLocalIterator();
        while (lines.hasNext()) {
            out.println(lines.next());
        }
    }

    /** Every column as text, computed by Spark; binary as its size. Columns are taken by position. */
    private static Dataset<Row> asText(Dataset<Row> result) {
        StructField[] fields = result.schema().fields();
        String[] positions = new String[fields.length];
        for (int i = 0; i < fields.length; i++) {
            positions[i] = "c" + i;
        }
        // Renamed by position first: a join's result may repeat a name, which col(name) could not pick.
        Dataset<Row> renamed = result.toDF(positions);
        Column[] columns = new Column[fields.length];
        for (int i = 0; i < fields.length; i++) {
            Column c = col(positions[i]);
            columns[i] = fields[i].dataType() instanceof BinaryType
                    ? concat(lit("<"), length(c).cast("string"), lit(" bytes>"))
                    : c.cast("string");
        }
        return renamed.select(columns);
    }
}
