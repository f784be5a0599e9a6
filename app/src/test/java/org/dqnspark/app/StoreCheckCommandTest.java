package org.dqnspark.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.core.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dqn store check [--repair]} on a real run (one tiny MinAtar cycle: transitions, episodes, a snapshot,
 * training, evaluations and a cycle row), damaged on purpose in each test's own copy.
 */
class StoreCheckCommandTest {
    @TempDir
    static Path built;

    @TempDir
    Path dir;

    private Path store;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** One cycle ({@link TinyCycleRuns}). */
    @BeforeAll
    static void buildARun() {
        TinyCycleRuns.build(built.resolve("store"), "r", 1);
    }

    private void copyRun() throws IOException {
        store = dir.resolve("store");
        FileUtils.copyDirectory(built.resolve("store").toFile(), store.toFile());
    }

    private int dqn(String... args) {
        return Dqn.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private int check(String... more) {
        List<String> args = new ArrayList<>(List.of("store", "check", "--store", store.toString(), "--master",
                "local[2]"));
        args.addAll(List.of(more));
        return dqn(args.toArray(String[]::new));
    }

    private Path run() {
        return store.resolve("r");
    }

    /** A table's first data file. */
    private Path firstFile(String partitionDir) throws IOException {
        try (Stream<Path> files = Files.list(run().resolve(partitionDir))) {
            return files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().findFirst().orElseThrow();
        }
    }

    /** Cuts {@code file} to half its length, its checksum file kept (as a disk that lost its tail would). */
    private static void truncate(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() / 2);
        }
    }

    /** Overwrites bytes in the middle of {@code file} (its footer intact; its checksum file no longer matches). */
    private static void scramble(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(raf.length() / 3);
            raf.write(new byte[64]);
        }
    }

    /** Every file of the run (checksum files aside) and its bytes, by path relative to the run. */
    private Map<String, byte[]> contents(Path root) {
        Map<String, byte[]> contents = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".crc") && !name.equals("run.lock")) {
                    contents.put(root.relativize(file).toString(), Files.readAllBytes(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return contents;
    }

    /** The one quarantine directory a repair made. */
    private Path quarantine() throws IOException {
        try (Stream<Path> dirs = Files.list(run().resolve("_quarantine"))) {
            return dirs.findFirst().orElseThrow();
        }
    }

    @Test
    void aSoundRunIsReportedSoundWithExitCodeZeroAndCountsOfWhatWasRead() throws IOException {
        copyRun();
        assertEquals(0, check(), err.toString());
        assertTrue(out.toString().contains("(900 transitions,"), out.toString());
        assertTrue(out.toString().contains("1 snapshot(s), 1 cycle(s): sound"), out.toString());
        assertTrue(out.toString().contains("all sound"), out.toString());
    }

    @Test
    void aTruncatedTransitionsFileStopsJobsWithTwoLinesAndRepairSetsItAsideKeepingTheRestWorking() throws IOException {
        copyRun();
        Path damaged = firstFile("transitions/iteration=0");
        truncate(damaged);
        byte[] damagedBytes = Files.readAllBytes(damaged);
        Map<String, byte[]> before = contents(run());

        assertEquals(2, dqn("sql", "--store", store.toString(), "--master", "local[2]",
                "SELECT count(*) FROM transitions"));
        String[] lines = err.toString().strip().split("\n");
        assertEquals(2, lines.length, err.toString());
        assertTrue(lines[0].contains(damaged.toString()), err.toString());
        assertTrue(lines[1].contains("dqn store check --store ") && lines[1].contains(" --run r --repair"),
                err.toString());

        assertEquals(1, check());
        assertTrue(out.toString().contains("DAMAGED      transitions/iteration=0/" + damaged.getFileName()), out.toString());

        out.getBuffer().setLength(0);
        assertEquals(0, check("--run", "r", "--repair"), out.toString() + err);
        assertFalse(Files.exists(damaged));
        Path quarantined = quarantine().resolve("transitions/iteration=0").resolve(damaged.getFileName());
        assertArrayEquals(damagedBytes, Files.readAllBytes(quarantined), "set aside byte for byte");
        assertTrue(Files.readString(Path.of(quarantined + ".why.txt")).contains("unreadable"));
        assertTrue(out.toString().contains("derived the episodes of iteration 0 again from its 1 transition file(s)"),
                out.toString());

        // Nothing deleted: every file of the run before the repair is where it was, or in the quarantine.
        Map<String, byte[]> after = contents(run());
        for (Map.Entry<String, byte[]> file : before.entrySet()) {
            byte[] kept = after.containsKey(file.getKey()) ? after.get(file.getKey())
                    : after.get(run().relativize(quarantine()).resolve(file.getKey()).toString());
            assertArrayEquals(file.getValue(), kept, file.getKey());
        }

        // The rest of the run answers queries and takes new data.
        SparkSession spark = TestSpark.session();
        org.dqnspark.core.store.StoreTables.register(spark, store.toString());
        long transitions = spark.sql("SELECT count(*) FROM transitions").first().getLong(0);
        long episodeSteps = spark.sql("SELECT sum(agent_steps) FROM episodes").first().getLong(0);
        assertTrue(transitions > 0 && transitions < 600, "the other actor's transitions: " + transitions);
        assertTrue(episodeSteps <= transitions, "episodes derived from what is left");
        assertEquals(0, dqn("collect", "--game", "minatar:breakout", "--agent-steps", "100", "--store",
                store.toString(), "--run", "r", "--master", "local[2]"), err.toString());
    }

    @Test
    void aParquetFileOfAnotherSchemaInATableIsDamageThatTheCheckNames() throws IOException {
        copyRun();
        Path foreign = run().resolve("training/epoch=1/part-99999-foreign.parquet");
        TestSpark.session().range(3).toDF("x").coalesce(1).write().parquet(dir.resolve("foreign").toString());
        Files.copy(firstParquet(dir.resolve("foreign")), foreign);

        assertEquals(1, check());
        assertTrue(out.toString().contains("training/epoch=1/part-99999-foreign.parquet: not the training table's"
                + " schema: no column run"), out.toString());
        assertTrue(out.toString().contains("undeclared column x"), out.toString());
    }

    @Test
    void missingEpisodesAreDerivedAgainFromTheTransitionsAsTheCollectDerivedThem() throws IOException {
        copyRun();
        Path original = dir.resolve("original-episodes.parquet");
        Files.copy(firstFile("episodes/iteration=0"), original);
        FileUtils.deleteDirectory(run().resolve("episodes/iteration=0").toFile());

        assertEquals(1, check());
        assertTrue(out.toString().contains("iteration 0 has transitions but no episodes"), out.toString());
        assertEquals(0, check("--repair"), out.toString());
        SparkSession spark = TestSpark.session();
        String[] columns = {"actor", "episode_id", "episode_return", "agent_steps", "frames", "lives_lost"};
        assertEquals(spark.read().parquet(original.toString()).selectExpr(columns).orderBy("episode_id").collectAsList(),
                spark.read().parquet(run().resolve("episodes/iteration=0").toString()).selectExpr(columns)
                        .orderBy("episode_id").collectAsList());
    }

    @Test
    void stagingLeftByAKilledJobIsReportedAndRepairQuarantinesWhatWasNeverCommitted() throws IOException {
        copyRun();
        Path staged = run().resolve("_staging/collect-1234/transitions/part-00000.parquet");
        Files.createDirectories(staged.getParent());
        Files.copy(firstFile("transitions/iteration=0"), staged);

        assertEquals(1, check());
        assertTrue(out.toString().contains("STAGING      _staging/collect-1234"), out.toString());
        assertEquals(0, check("--repair"), out.toString());
        assertFalse(Files.exists(run().resolve("_staging")));
        assertTrue(Files.exists(quarantine().resolve("_staging/collect-1234/transitions/part-00000.parquet")));
    }

    @Test
    void aTruncatedSnapshotIsDamageThatRepairSetsAside() throws IOException {
        copyRun();
        truncate(run().resolve("snapshots/1.zip"));

        assertEquals(1, check());
        assertTrue(out.toString().contains("DAMAGED      snapshots/1.zip: "), out.toString());
        check("--repair");
        assertTrue(Files.exists(quarantine().resolve("snapshots/1.zip")));
        assertTrue(out.toString().contains("epoch 1 has statistics but no snapshot"),
                "what cannot be re-derived is told: " + out);
    }

    @Test
    void aJobMeetingADamagedPageStopsWithTwoLinesNamingTheFileNotATrace() throws IOException {
        copyRun();
        Path damaged = firstFile("transitions/iteration=0");
        scramble(damaged); // the footer reads fine: the damage is met only when the job reads the pages
        assertEquals(2, dqn("train", "--store", store.toString(), "--run", "r", "--updates", "3", "--master",
                "local[2]", "--set", "dqn.train.replay-start-size=300", "--set", "dqn.train.updates-per-fit=3"));
        String[] lines = err.toString().strip().split("\n");
        assertEquals(2, lines.length, err.toString());
        assertTrue(lines[0].startsWith("dqn train: damaged file in the store: " + damaged), err.toString());
        assertTrue(lines[1].contains("dqn store check --store " + store + " --run r --repair"), err.toString());

        assertEquals(1, check());
        assertTrue(out.toString().contains("DAMAGED      transitions/iteration=0/" + damaged.getFileName()
                + ": unreadable after row"), out.toString());
    }

    private static Path firstParquet(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
    }
}
