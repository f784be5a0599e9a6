package org.dqnspark.core.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.dqnspark.core.UserError;

/**
 * The files of a run's Parquet table, checked before a job reads the table: Spark reads every file of the
 * table's directories that is not hidden, and a stray file (empty, not Parquet, or of another schema) would
 * stop the job deep in a Spark task with a stack trace. Here it stops the job before Spark reads anything,
 * naming the file and what to do. Only footers are read (a few KB per file); {@code dqn store check} reads
 * the files whole.
 */
public final class TableFiles {
    private TableFiles() {
    }

    /**
     * Fails unless every file under {@code table} that Spark would read is a Parquet file of {@code declared}
     * (the table's file columns, without its partition column): each column declared non-nullable present with
     * its type, none undeclared.
     *
     * @throws UserError naming the first file that is not, and what to do
     */
    public static void check(RunStore store, Path table, String tableName, StructType declared) {
        if (!store.exists(table)) {
            return;
        }
        for (FileStatus file : dataFiles(store, table)) {
            problem(store, file, declared).ifPresent(problem -> {
                RunLayout run = store.layout();
                throw new UserError("Damaged file in the " + tableName + " table of run '" + run.run() + "': "
                        + store.qualified(file.getPath()) + " " + problem + ".\nSet it aside with dqn store check"
                        + " --store " + run.store() + " --run " + run.run() + " --repair (or move it out of the store),"
                        + " then run the command again.");
            });
        }
    }

    /**
     * The files under {@code dir} that Spark reads: all but those (and the dirs) whose name starts with '_' or '.';
     * none if {@code dir} does not exist.
     */
    public static List<FileStatus> dataFiles(RunStore store, Path dir) {
        List<FileStatus> files = new ArrayList<>();
        if (!store.exists(dir)) {
            return files;
        }
        try {
            for (FileStatus status : store.fileSystem().listStatus(dir)) {
                String name = status.getPath().getName();
                if (name.startsWith("_") || name.startsWith(".")) {
                    continue;
                }
                if (status.isDirectory()) {
                    files.addAll(dataFiles(store, status.getPath()));
                } else {
                    files.add(status);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return files;
    }

    /** What is wrong with {@code file}, in words that follow its path; empty when it is a file of the table. */
    private static Optional<String> problem(RunStore store, FileStatus file, StructType declared) {
        if (file.getLen() == 0) {
            return Optional.of("is empty (0 bytes), not a Parquet file");
        }
        MessageType schema;
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(file,
                store.fileSystem().getConf()))) {
            schema = reader.getFooter().getFileMetaData().getSchema();
        } catch (IOException | RuntimeException e) {
            return Optional.of("is not a readable Parquet file (" + e.getMessage() + ")");
        }
        List<String> problems = schemaProblems(schema, declared);
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        String shown = String.join(", ", problems.subList(0, Math.min(3, problems.size())));
        return Optional.of("is a Parquet file of another schema (" + shown
                + (problems.size() > 3 ? " and " + (problems.size() - 3) + " more" : "") + ")");
    }

    /** Each declared column must be there with its type unless nullable (older files may lack it); none undeclared. */
    public static List<String> schemaProblems(MessageType actual, StructType declared) {
        List<String> problems = new ArrayList<>();
        for (StructField field : declared.fields()) {
            if (!actual.containsField(field.name())) {
                if (!field.nullable()) {
                    problems.add("no column " + field.name());
                }
                continue;
            }
            Type column = actual.getType(field.name());
            Optional<PrimitiveTypeName> expected = parquetType(field.dataType());
            if (!column.isPrimitive() || expected.isEmpty()
                    || column.asPrimitiveType().getPrimitiveTypeName() != expected.get()) {
                problems.add("column " + field.name() + " is " + column.toString().strip() + ", not "
                        + field.dataType().simpleString());
            }
        }
        for (Type column : actual.getFields()) {
            if (declared.getFieldIndex(column.getName()).isEmpty()) {
                problems.add("undeclared column " + column.getName());
            }
        }
        return problems;
    }

    private static Optional<PrimitiveTypeName> parquetType(DataType type) {
        if (type instanceof IntegerType) {
            return Optional.of(PrimitiveTypeName.INT32);
        } else if (type instanceof LongType) {
            return Optional.of(PrimitiveTypeName.INT64);
        } else if (type instanceof DoubleType) {
            return Optional.of(PrimitiveTypeName.DOUBLE);
        } else if (type instanceof FloatType) {
            return Optional.of(PrimitiveTypeName.FLOAT);
        } else if (type instanceof BooleanType) {
            return Optional.of(PrimitiveTypeName.BOOLEAN);
        } else if (type instanceof StringType || type instanceof BinaryType) {
            return Optional.of(PrimitiveTypeName.BINARY);
        }
        return Optional.empty();
    }
}
