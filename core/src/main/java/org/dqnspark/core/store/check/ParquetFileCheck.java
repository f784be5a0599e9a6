package org.dqnspark.core.store.check;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.types.StructType;
import org.dqnspark.core.store.TableFiles;

/**
 * Reads one Parquet file of a table whole, with a reader that is not Spark's: its footer, every page of
 * every row group decoded into records (with the file system's checksums and the pages' CRCs verified),
 * the rows counted against the footer, and its schema compared with the table's declared one. Runs in
 * Spark tasks, one file at a time, so a store's files are checked in parallel.
 */
final class ParquetFileCheck {

    /** A file to check and the schema its table declares (without the partition column). */
    record FileToCheck(String table, String path, StructType declared) implements Serializable {
    }

    /** What reading the file found: its rows, or why it is damaged ({@code problem} empty when it is sound). */
    record Result(String table, String path, long rows, String problem) implements Serializable {
        Optional<String> damage() {
            return problem.isEmpty() ? Optional.empty() : Optional.of(problem);
        }

        boolean damaged() {
            return !problem.isEmpty();
        }
    }

    private ParquetFileCheck() {
    }

    static Result check(FileToCheck file) {
        Configuration hadoop = new Configuration();
        // Spark's writer stores a CRC per page; the reader checks them only when asked.
        hadoop.setBoolean("parquet.page.verify-checksum.enabled", true);
        Path path = new Path(file.path());
        ParquetMetadata footer;
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(path, hadoop))) {
            footer = reader.getFooter();
        } catch (IOException | RuntimeException e) {
            return damaged(file, "unreadable footer (" + reason(e) + ")");
        }
        List<String> schemaProblems = TableFiles.schemaProblems(footer.getFileMetaData().getSchema(), file.declared());
        if (!schemaProblems.isEmpty()) {
            return damaged(file, "not the " + file.table() + " table's schema: " + String.join("; ", schemaProblems));
        }
        long footerRows = footer.getBlocks().stream().mapToLong(BlockMetaData::getRowCount).sum();
        long rows = 0;
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), path).withConf(hadoop).build()) {
            while (reader.read() != null) {
                rows++;
            }
        } catch (IOException | RuntimeException e) {
            return damaged(file, "unreadable after row " + rows + " (" + reason(e) + ")");
        }
        if (rows != footerRows) {
            return damaged(file, "its footer counts " + footerRows + " rows, its pages hold " + rows);
        }
        return new Result(file.table(), file.path(), rows, "");
    }

    private static Result damaged(FileToCheck file, String why) {
        return new Result(file.table(), file.path(), 0, why);
    }

    /** The innermost message of {@code e}: the one that says what is wrong with the bytes. */
    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage().strip();
        return root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
}
