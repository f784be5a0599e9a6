package org.dqnspark.core.store.check;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.dqnspark.core.UserError;
import org.dqnspark.core.store.CycleTable;
import org.dqnspark.core.store.EpisodeTable;
import org.dqnspark.core.store.EvaluationTable;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.core.store.SnapshotStore;
import org.dqnspark.core.store.StoreTables;
import org.dqnspark.core.store.TableFiles;
import org.dqnspark.core.store.TrainingTable;
import org.dqnspark.core.store.TransitionSchema;
import org.dqnspark.core.store.check.Finding.Kind;
import org.dqnspark.core.store.check.Finding.Repair;
import org.dqnspark.core.store.check.ParquetFileCheck.FileToCheck;
import org.dqnspark.core.store.check.ParquetFileCheck.Result;

/**
 * An fsck for one run ({@code dqn store check}): every file of every table read whole with a reader that
 * is not Spark's ({@link ParquetFileCheck}), schemas as declared, every snapshot loaded, the tables'
 * counters compared (transitions against episodes, cycles against transitions, snapshots and evaluations),
 * and what a killed job left in {@code _staging/}. It only reads; {@link StoreRepair} acts on its findings.
 */
public final class StoreCheck {
    /** The run's Parquet tables, the partition column of each and its declared file schema. */
    private static final List<Table> TABLES = List.of(
            new Table(StoreTables.TRANSITIONS, TransitionSchema.ITERATION, RunLayout::transitions,
                    TransitionSchema.FILE_SCHEMA),
            new Table("episodes", TransitionSchema.ITERATION, RunLayout::episodes, EpisodeTable.FILE_SCHEMA),
            new Table("training", "epoch", RunLayout::training, TrainingTable.FILE_SCHEMA),
            new Table("evaluations", "evaluation", RunLayout::evaluations, EvaluationTable.FILE_SCHEMA),
            new Table("cycles", CycleTable.CYCLE, RunLayout::cycles, CycleTable.FILE_SCHEMA));

    private record Table(String name, String partition, Function<RunLayout, Path> dir, StructType schema) {
    }

    /** What the check found in a run, and what it read to find it. */
    public record Report(String run, int filesRead, long transitions, long episodes, int snapshots, int cycles,
                         List<Finding> findings, List<String> notes, List<Result> files) {
        public boolean clean() {
            return findings.isEmpty();
        }

        /** The files read whole that hold nothing wrong, by path (for the repair's re-derivations). */
        List<Result> soundFiles(String table) {
            return files.stream().filter(f -> f.table().equals(table) && !f.damaged()).toList();
        }
    }

    private final SparkSession spark;
    private final RunStore store;
    private final List<Finding> findings = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private StoreCheck(SparkSession spark, RunStore store) {
        this.spark = spark;
        this.store = store;
    }

    /**
     * Checks the run of {@code store}. {@code noWriter}: no job holds the run, so what is in {@code _staging/}
     * was left by a killed one (while a job runs, its staging is its work in progress and is not looked at).
     */
    public static Report check(SparkSession spark, RunStore store, boolean noWriter) {
        return new StoreCheck(spark, store).run(noWriter);
    }

    private Report run(boolean noWriter) {
        RunLayout layout = store.layout();
        try {
            store.checkFormat();
            store.game();
        } catch (UserError | UncheckedIOException e) {
            findings.add(new Finding(Kind.DAMAGED_FILE, "game.properties", firstLine(e.getMessage()), Repair.NONE));
            return new Report(layout.run(), 0, 0, 0, 0, 0, List.copyOf(findings), List.of(), List.of());
        }
        List<Result> files = readAllFiles();
        for (Result file : files) {
            file.damage().ifPresent(why -> findings.add(
                    new Finding(Kind.DAMAGED_FILE, relative(new Path(file.path())), why, Repair.QUARANTINE)));
        }
        Map<Integer, Long> transitionsPerIteration = rowsPerPartition(files, StoreTables.TRANSITIONS,
                TransitionSchema.ITERATION);
        Map<Integer, Long> episodesPerIteration = rowsPerPartition(files, "episodes", TransitionSchema.ITERATION);
        boolean transitionsSound = files.stream()
                .noneMatch(f -> f.damaged() && f.table().equals(StoreTables.TRANSITIONS));
        checkEpisodes(files, transitionsPerIteration.keySet(), transitionsSound);
        int snapshots = checkSnapshots(transitionsSound ? Optional.of(sum(transitionsPerIteration)) : Optional.empty());
        int cycles = checkCycles(files, transitionsPerIteration, transitionsSound);
        checkTraining(files);
        checkConfs(transitionsPerIteration.keySet());
        if (noWriter) {
            checkStaging();
        }
        return new Report(layout.run(), files.size(), sum(transitionsPerIteration), sum(episodesPerIteration),
                snapshots, cycles, List.copyOf(findings), List.copyOf(notes), files);
    }

    /** Every data file of every table, read whole in Spark tasks. */
    private List<Result> readAllFiles() {
        List<FileToCheck> files = new ArrayList<>();
        for (Table table : TABLES) {
            for (Path file : TableFiles.dataFiles(store, table.dir().apply(store.layout())).stream().map(FileStatus::getPath)
                    .sorted().toList()) {
                if (partitionOf(file.toString(), table.partition()).isEmpty()) {
                    // Spark refuses to read a table whose files are not all in partition directories.
                    findings.add(new Finding(Kind.DAMAGED_FILE, relative(file), "a file of the " + table.name()
                            + " table outside its " + table.partition() + "=<k> directories", Repair.QUARANTINE));
                } else {
                    files.add(new FileToCheck(table.name(), store.qualified(file).toString(), table.schema()));
                }
            }
        }
        if (files.isEmpty()) {
            return List.of();
        }
        int tasks = Math.min(files.size(), spark.sparkContext().defaultParallelism() * 4);
        return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(files, tasks)
                .map(ParquetFileCheck::check).collect();
    }

    /**
     * Each iteration's episodes are the finished episodes its transitions derive: present, as many, with as many
     * agent steps. Compared only where the transitions are sound.
     */
    private void checkEpisodes(List<Result> files, Iterable<Integer> iterations, boolean transitionsSound) {
        for (int iteration : iterations) {
            Path episodesDir = store.layout().episodes(iteration);
            if (!store.exists(episodesDir)) {
                findings.add(new Finding(Kind.INCONSISTENT, relative(episodesDir),
                        "iteration " + iteration + " has transitions but no episodes", Repair.REDERIVE_EPISODES));
                continue;
            }
            List<String> episodeFiles = soundFilesUnder(files, "episodes", episodesDir);
            boolean episodesDamaged = files.stream().anyMatch(f -> f.damaged() && f.path().startsWith(
                    store.qualified(episodesDir) + "/"));
            if (!transitionsSound || episodesDamaged) {
                continue; // the damaged file's finding says it; the repair re-derives the iteration's episodes
            }
            List<String> transitionFiles = soundFilesUnder(files, StoreTables.TRANSITIONS,
                    store.layout().transitions(iteration));
            long[] derived = countAndSteps(EpisodeTable.derive(read(transitionFiles, TransitionSchema.FILE_SCHEMA)));
            long[] stored = countAndSteps(read(episodeFiles, EpisodeTable.FILE_SCHEMA));
            if (derived[0] != stored[0] || derived[1] != stored[1]) {
                findings.add(new Finding(Kind.INCONSISTENT, relative(episodesDir), String.format(
                        "%d episodes of %d agent steps, but the iteration's transitions finish %d of %d agent steps",
                        stored[0], stored[1], derived[0], derived[1]), Repair.REDERIVE_EPISODES));
            }
        }
    }

    /** Every snapshot loads, names its own epoch and counts no more agent steps than the run holds. */
    private int checkSnapshots(Optional<Long> transitions) {
        SnapshotStore snapshots = new SnapshotStore(store);
        List<Integer> epochs = snapshots.epochs();
        for (int epoch : epochs) {
            Path path = snapshots.path(epoch);
            SnapshotStore.SnapshotCounters counters;
            try {
                counters = snapshots.read(epoch).counters();
            } catch (UserError | UncheckedIOException e) {
                findings.add(new Finding(Kind.DAMAGED_FILE, relative(path), firstLine(e.getMessage()),
                        Repair.QUARANTINE));
                continue;
            }
            if (counters.epoch() != epoch) {
                findings.add(new Finding(Kind.INCONSISTENT, relative(path),
                        "its counters say epoch " + counters.epoch(), Repair.NONE));
            }
            if (transitions.isPresent() && counters.agentSteps() > transitions.get()) {
                moreThanHeld(relative(path), String.format("trained at %d agent steps, but the run holds %d transitions",
                        counters.agentSteps(), transitions.get()));
            }
        }
        return epochs.size();
    }

    /** Each cycle's row names an iteration, a snapshot and an evaluation that are there, and the run's agent steps. */
    private int checkCycles(List<Result> files, Map<Integer, Long> transitionsPerIteration, boolean transitionsSound) {
        List<String> cycleFiles = files.stream().filter(f -> f.table().equals("cycles") && !f.damaged())
                .map(Result::path).toList();
        if (cycleFiles.isEmpty()) {
            return 0;
        }
        List<Row> rows = read(cycleFiles, CycleTable.FILE_SCHEMA)
                .select("iteration", "agent_steps", "epoch", "evaluation", "input_file_name").collectAsList();
        SnapshotStore snapshots = new SnapshotStore(store);
        // A cycle counts what collects played; episodes that dqn play recorded are not in its agent steps.
        List<Integer> recorded = store.recordedIterations();
        for (Row row : rows) {
            String where = relative(new Path(row.getString(4)).getParent());
            int iteration = row.getInt(0);
            if (!transitionsPerIteration.containsKey(iteration)) {
                findings.add(new Finding(Kind.INCONSISTENT, where, "names iteration " + iteration
                        + ", which has no transitions", Repair.NONE));
            } else if (transitionsSound) {
                long through = transitionsPerIteration.entrySet().stream().filter(e -> e.getKey() <= iteration)
                        .filter(e -> !recorded.contains(e.getKey()))
                        .mapToLong(Map.Entry::getValue).sum();
                String what = String.format("says %d agent steps after iteration %d, the transitions hold %d",
                        row.getLong(1), iteration, through);
                if (through < row.getLong(1)) {
                    moreThanHeld(where, what);
                } else if (through != row.getLong(1)) {
                    findings.add(new Finding(Kind.INCONSISTENT, where, what, Repair.NONE));
                }
            }
            if (!store.exists(snapshots.path(row.getInt(2)))) {
                findings.add(new Finding(Kind.INCONSISTENT, where, "names snapshot "
                        + SnapshotStore.epochName(row.getInt(2)) + ", which is not there", Repair.NONE));
            }
            if (!store.exists(store.layout().evaluations(row.getInt(3)))) {
                findings.add(new Finding(Kind.INCONSISTENT, where, "names evaluation " + row.getInt(3)
                        + ", which is not there", Repair.NONE));
            }
        }
        return rows.size();
    }

    /**
     * A counter above the transitions the run holds: damage, unless a repair set transitions aside, which then
     * explains it (a note; later jobs count from the transitions held).
     */
    private void moreThanHeld(String where, String what) {
        Path quarantined = new Path(StoreRepair.quarantineRoot(store), "*/" + StoreTables.TRANSITIONS);
        boolean explained;
        try {
            FileStatus[] found = store.fileSystem().globStatus(quarantined);
            explained = found != null && found.length > 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + quarantined, e);
        }
        if (explained) {
            notes.add(where + ": " + what + " (transitions of this run are in _quarantine)");
        } else {
            findings.add(new Finding(Kind.INCONSISTENT, where, what, Repair.NONE));
        }
    }

    /** Each epoch of the training table has its snapshot. */
    private void checkTraining(List<Result> files) {
        SnapshotStore snapshots = new SnapshotStore(store);
        for (int epoch : partitions(files, "training", "epoch")) {
            if (!store.exists(snapshots.path(epoch))) {
                findings.add(new Finding(Kind.INCONSISTENT, relative(store.layout().training(epoch)),
                        "epoch " + epoch + " has statistics but no snapshot", Repair.NONE));
            }
        }
    }

    /** Each iteration's resolved settings are kept (its provenance): a collect's, or those of the play that recorded it. */
    private void checkConfs(Iterable<Integer> iterations) {
        for (int iteration : iterations) {
            Path conf = store.layout().collectConf(iteration);
            if (!store.exists(conf) && !store.exists(store.layout().playConf(iteration))) {
                findings.add(new Finding(Kind.INCONSISTENT, relative(conf),
                        "iteration " + iteration + " has no saved settings", Repair.NONE));
            }
        }
    }

    private void checkStaging() {
        Path staging = store.layout().staging();
        try {
            if (!store.fileSystem().exists(staging)) {
                return;
            }
            for (FileStatus child : store.fileSystem().listStatus(staging)) {
                findings.add(new Finding(Kind.ORPHAN_STAGING, relative(child.getPath()),
                        "left by a job that did not finish", Repair.RECOVER_STAGING));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + staging, e);
        }
    }

    private Dataset<Row> read(List<String> files, StructType schema) {
        if (files.isEmpty()) {
            return spark.createDataFrame(List.of(), schema).withColumn("input_file_name",
                    functions.lit(""));
        }
        return spark.read().schema(schema).parquet(files.toArray(String[]::new))
                .withColumn("input_file_name", functions.input_file_name());
    }

    private static long[] countAndSteps(Dataset<Row> episodes) {
        Row row = episodes.agg(functions.count("*"),
                functions.sum(functions.col(EpisodeTable.AGENT_STEPS)).cast("long")).first();
        return new long[] {row.getLong(0), row.isNullAt(1) ? 0 : row.getLong(1)};
    }

    private List<String> soundFilesUnder(List<Result> files, String table, Path dir) {
        String prefix = store.qualified(dir) + "/";
        return files.stream().filter(f -> f.table().equals(table) && !f.damaged() && f.path().startsWith(prefix))
                .map(Result::path).toList();
    }

    /** Rows of a table's sound files per partition; a partition whose files are all damaged counts 0 rows. */
    private static Map<Integer, Long> rowsPerPartition(List<Result> files, String table, String column) {
        Map<Integer, Long> rows = new TreeMap<>();
        for (Result file : files) {
            if (file.table().equals(table)) {
                rows.merge(partitionOf(file.path(), column).orElseThrow(), file.rows(), Long::sum);
            }
        }
        return rows;
    }

    private static List<Integer> partitions(List<Result> files, String table, String column) {
        return files.stream().filter(f -> f.table().equals(table)).map(f -> partitionOf(f.path(), column).orElseThrow())
                .distinct().sorted().collect(Collectors.toList());
    }

    /** The partition of a table's file: k of the {@code column=k} directory it lies in. */
    static Optional<Integer> partitionOf(String file, String column) {
        String name = new Path(file).getParent().getName();
        return name.matches(java.util.regex.Pattern.quote(column) + "=\\d+")
                ? Optional.of(Integer.parseInt(name.substring(column.length() + 1))) : Optional.empty();
    }

    private static long sum(Map<Integer, Long> rows) {
        return rows.values().stream().mapToLong(Long::longValue).sum();
    }

    String relative(Path path) {
        return store.qualified(store.layout().runDir()).toUri().relativize(store.qualified(path).toUri()).getPath();
    }

    private static String firstLine(String message) {
        String text = message == null ? "unreadable" : message.strip();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
