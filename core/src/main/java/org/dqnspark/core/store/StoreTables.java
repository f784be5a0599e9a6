package org.dqnspark.core.store;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.dqnspark.core.UserError;

/**
 * Every table of every run in a store as one Spark SQL temporary view per table, so a question
 * about all runs is one query ({@code dqn sql}, notebooks, other jobs):
 * <ul>
 * <li>{@value #TRANSITIONS}, {@value #EPISODES} (partition {@code iteration}), {@value #TRAINING}
 *     (partition {@code epoch}), {@value #EVALUATIONS} (partition {@code evaluation}) and {@value #CYCLES}
 *     (partition {@code cycle}, {@link CycleTable}): the union of
 *     the runs' Parquet tables;
 * <li>{@value #SNAPSHOTS}: one row per {@code <run>/snapshots/<epoch>.zip} with its counters.
 * </ul>
 * Every row carries {@code run}. A view whose table no run has yet still exists, empty, so that a
 * query on it answers 0 rows rather than "table not found". A run is a subdirectory of the store
 * that holds {@code game.properties}.
 */
public final class StoreTables {
    public static final String TRANSITIONS = "transitions";
    public static final String EPISODES = "episodes";
    public static final String TRAINING = "training";
    public static final String EVALUATIONS = "evaluations";
    public static final String SNAPSHOTS = "snapshots";
    public static final String CYCLES = "cycles";
    public static final List<String> VIEWS = List.of(TRANSITIONS, EPISODES, TRAINING, EVALUATIONS, SNAPSHOTS,
            CYCLES);

    /** The training table as read: its file columns and the partition column {@code epoch}. */
    public static final StructType TRAINING_SCHEMA =
            TrainingTable.FILE_SCHEMA.add(TransitionSchema.field("epoch", IntegerType, false));

    /** The evaluations view of a store that has none yet: the evaluate job's columns, so queries answer nothing. */
    public static final StructType EMPTY_EVALUATIONS_SCHEMA =
            EvaluationTable.FILE_SCHEMA.add(TransitionSchema.field("evaluation", IntegerType, false));

    /** The snapshots view: a snapshot's file and the counters it carries. */
    public static final StructType SNAPSHOTS_SCHEMA = new StructType(new StructField[] {
        TransitionSchema.field("run", StringType, false),
        TransitionSchema.field("snapshot", StringType, false),
        TransitionSchema.field("epoch", IntegerType, false),
        TransitionSchema.field("updates", LongType, false),
        TransitionSchema.field("agent_steps", LongType, false),
        TransitionSchema.field("epsilon", DoubleType, false),
        TransitionSchema.field("train_seconds", DoubleType, false),
        TransitionSchema.field("path", StringType, false),
    });

    private StoreTables() {
    }

    /**
     * Registers (or replaces) the views {@link #VIEWS} over the store's runs in {@code spark}.
     *
     * @return the runs found, by name
     * @throws UserError when the store does not exist
     */
    public static List<String> register(SparkSession spark, String store) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        List<RunLayout> runs = runs(store, hadoop);
        FileSystem fs = fileSystem(new Path(store), hadoop);
        parquet(spark, fs, runs, RunLayout::transitions, TransitionSchema.ITERATION, false,
                TransitionSchema.TABLE_SCHEMA).createOrReplaceTempView(TRANSITIONS);
        parquet(spark, fs, runs, RunLayout::episodes, TransitionSchema.ITERATION, false, EpisodeTable.FILE_SCHEMA
                .add(TransitionSchema.field(TransitionSchema.ITERATION, IntegerType, false)))
                .createOrReplaceTempView(EPISODES);
        parquet(spark, fs, runs, RunLayout::training, "epoch", true, TRAINING_SCHEMA)
                .createOrReplaceTempView(TRAINING);
        // Its columns may still grow while the evaluate job is young: merge the files' schemas.
        parquet(spark, fs, runs, run -> new Path(run.runDir(), EVALUATIONS), "evaluation", true,
                EMPTY_EVALUATIONS_SCHEMA).createOrReplaceTempView(EVALUATIONS);
        snapshots(spark, fs, runs, hadoop).createOrReplaceTempView(SNAPSHOTS);
        parquet(spark, fs, runs, RunLayout::cycles, CycleTable.CYCLE, true, CycleTable.TABLE_SCHEMA)
                .createOrReplaceTempView(CYCLES);
        return runs.stream().map(RunLayout::run).toList();
    }

    /**
     * Agent steps the run has played: its committed transitions, one per agent step. Parquet footers hold
     * the row counts, so this reads no frame.
     */
    public static long agentSteps(SparkSession spark, RunStore store) {
        if (store.committedIterations().isEmpty()) {
            return 0;
        }
        TableFiles.check(store, store.layout().transitions(), TRANSITIONS, TransitionSchema.FILE_SCHEMA);
        return spark.read().parquet(store.qualified(store.layout().transitions()).toString()).count();
    }

    /**
     * Agent steps the run's collect jobs played: its committed transitions without those {@code dqn play}
     * recorded ({@link RunStore#recordedIterations}). What the epsilon schedule and the replay start count, so
     * that a person's play neither advances the schedule nor stands in for the random replay start.
     */
    public static long collectedAgentSteps(SparkSession spark, RunStore store) {
        List<Integer> collected = store.collectedIterations();
        if (collected.size() == store.committedIterations().size()) {
            return agentSteps(spark, store);
        }
        if (collected.isEmpty()) {
            return 0;
        }
        TableFiles.check(store, store.layout().transitions(), TRANSITIONS, TransitionSchema.FILE_SCHEMA);
        return spark.read().schema(TransitionSchema.FILE_SCHEMA).parquet(collected.stream()
                .map(iteration -> store.qualified(store.layout().transitions(iteration)).toString())
                .toArray(String[]::new)).count();
    }

    /**
     * The runs of {@code store}: its subdirectories that hold {@code game.properties}, by name.
     *
     * @throws UserError when the store is not a directory, or a run is of another store format
     */
    public static List<RunLayout> runs(String store, Configuration hadoop) {
        List<RunLayout> runs = runDirectories(store, hadoop);
        for (RunLayout run : runs) {
            new RunStore(run, hadoop).checkFormat();
        }
        return runs;
    }

    /**
     * As {@link #runs}, without reading the runs' records ({@code dqn store check} reports a run it cannot read).
     *
     * @throws UserError when the store is not a directory
     */
    public static List<RunLayout> runDirectories(String store, Configuration hadoop) {
        Path root = new Path(store);
        FileSystem fs = fileSystem(root, hadoop);
        List<RunLayout> runs = new ArrayList<>();
        try {
            if (!fs.exists(root) || !fs.getFileStatus(root).isDirectory()) {
                throw new UserError("No store at " + store + ": not a directory. Give the --store of dqn collect.");
            }
            for (FileStatus child : fs.listStatus(root)) {
                if (child.isDirectory() && fs.exists(new Path(child.getPath(), "game.properties"))) {
                    runs.add(new RunLayout(fs.makeQualified(root), child.getPath().getName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the store " + store, e);
        }
        runs.sort((a, b) -> a.run().compareTo(b.run()));
        return runs;
    }

    private static FileSystem fileSystem(Path path, Configuration hadoop) {
        try {
            return path.getFileSystem(hadoop);
        } catch (IOException e) {
            throw new UserError("Cannot open the store " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * One table of all runs: each run's table that holds at least one {@code partition=<k>} directory,
     * read on its own (Spark's partition discovery refuses several table roots in one read) and the
     * runs' tables unioned by column name (a column one run's files lack is null there). Each table's files
     * are checked first ({@link TableFiles}).
     */
    private static Dataset<Row> parquet(SparkSession spark, FileSystem fs, List<RunLayout> runs,
                                        Function<RunLayout, Path> table, String partition, boolean mergeSchema,
                                        StructType emptySchema) {
        StructType fileSchema = new StructType(Arrays.stream(emptySchema.fields())
                .filter(field -> !field.name().equals(partition)).toArray(StructField[]::new));
        Dataset<Row> all = null;
        for (RunLayout run : runs) {
            Path root = table.apply(run);
            if (hasPartitions(fs, root, partition)) {
                TableFiles.check(new RunStore(run, spark.sparkContext().hadoopConfiguration()), root,
                        root.getName(), fileSchema);
                Dataset<Row> one = spark.read().option("mergeSchema", mergeSchema).parquet(root.toString());
                all = all == null ? one : all.unionByName(one, true);
            }
        }
        return all != null ? all : spark.createDataFrame(List.of(), emptySchema);
    }

    private static boolean hasPartitions(FileSystem fs, Path root, String partition) {
        try {
            if (!fs.exists(root)) {
                return false;
            }
            for (FileStatus child : fs.listStatus(root)) {
                if (child.isDirectory() && child.getPath().getName().startsWith(partition + "=")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    /**
     * One row per snapshot file. The files are listed here; their counters are read only when a query
     * uses the view, by the executors, reading each zip up to its counters entry.
     */
    private static Dataset<Row> snapshots(SparkSession spark, FileSystem fs, List<RunLayout> runs,
                                          Configuration hadoop) {
        List<Row> files = new ArrayList<>();
        for (RunLayout run : runs) {
            SnapshotStore snapshots = new SnapshotStore(new RunStore(run, hadoop));
            for (int epoch : snapshots.epochs()) {
                files.add(RowFactory.create(run.run(), epoch, fs.makeQualified(snapshots.path(epoch)).toString()));
            }
        }
        if (files.isEmpty()) {
            return spark.createDataFrame(List.of(), SNAPSHOTS_SCHEMA);
        }
        StructType listed = new StructType(new StructField[] {
            TransitionSchema.field("run", StringType, false),
            TransitionSchema.field("epoch", IntegerType, false),
            TransitionSchema.field("path", StringType, false),
        });
        return spark.createDataFrame(files, listed)
                .map((MapFunction<Row, Row>) StoreTables::withCounters, Encoders.row(SNAPSHOTS_SCHEMA));
    }

    private static Row withCounters(Row file) {
        String path = file.getString(2);
        SnapshotStore.SnapshotCounters counters = SnapshotStore.readCounters(new Path(path), new Configuration());
        int epoch = file.getInt(1);
        return RowFactory.create(file.getString(0), SnapshotStore.epochName(epoch), epoch, counters.updates(),
                counters.agentSteps(), counters.epsilon(), counters.trainSeconds(), path);
    }
}
