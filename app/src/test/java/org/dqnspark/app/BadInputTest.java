package org.dqnspark.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.dqnspark.core.store.SnapshotHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input, one test per kind (issue 20): each stops its command with exit code 2 and a message of one or two
 * lines that names the file or key at fault and says what to do, and leaves the run as it was, byte for byte
 * (the SHA-256 of every file and the list of directories, before and after; the lock file aside, which names its
 * latest holder), with nothing left in {@code _staging}. The run, built once and copied for each test: 300
 * random agent steps of MinAtar Breakout (built in, no ROM) and one snapshot of 10 updates.
 */
class BadInputTest {
    private static final String RUN = "r";
    private static final String GAME = "minatar:breakout";
    /** A train of 10 updates on 300 agent steps: the replay start lowered to fit them. */
    private static final List<String> SMALL_TRAIN = List.of("--master", "local[2]", "--set",
            "dqn.train.updates-per-fit=10", "--set", "dqn.train.held-out-states=50", "--set",
            "dqn.train.replay-start-size=100");

    /** The committed run and the runs of other games, built by the first test that needs them. */
    @TempDir
    static Path shared;
    private static Path committed;
    private static final Map<String, Path> SNAPSHOTS_OF_OTHER_GAMES = new HashMap<>();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void diskHasRoomAgain() {
        FullDiskFileSystem.empty();
    }

    @Test
    void aParquetFileOfAnotherSchemaInTheTransitionsTableStopsTrainWithExitTwoAndChangesNothing() throws Exception {
        Path store = store();
        Path other = store.resolve(RUN + "/transitions/iteration=0/part-00099-other.parquet");
        MessageType schema = MessageTypeParser.parseMessageType(
                "message other { required binary name (UTF8); required double score; }");
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(
                new org.apache.hadoop.fs.Path(other.toUri())).withType(schema).build()) {
            writer.write(new SimpleGroupFactory(schema).newGroup().append("name", "x").append("score", 1.0));
        }
        Map<String, String> before = checksums(store);

        int exit = dqn(train(store.toString(), "--updates", "5"));

        assertRefused(exit, "train", store, before, other.toString(), "of another schema (no column run",
                "dqn store check --store " + store + " --run r --repair");
    }

    @Test
    void anEmptyFileInTheTransitionsTableStopsCollectWithExitTwoAndChangesNothing() throws Exception {
        Path store = store();
        Path empty = Files.createFile(store.resolve(RUN + "/transitions/iteration=0/part-00098-empty.parquet"));
        Map<String, String> before = checksums(store);

        int exit = dqn(collect(store.toString()));

        assertRefused(exit, "collect", store, before, empty.toString(), "is empty (0 bytes), not a Parquet file",
                "--repair");
    }

    @Test
    void aSnapshotOfAnotherGameStopsEvaluateWithExitTwoAndChangesNothing() throws Exception {
        Path store = store();
        Path spaceInvaders = snapshotOf("minatar:space_invaders");
        Map<String, String> before = checksums(store);

        int exit = dqn(evaluate(store, spaceInvaders));

        assertRefused(exit, "evaluate", store, before, spaceInvaders.toString(),
                "was trained on minatar:space_invaders (frames 6x10x10, 4 actions), not on minatar:breakout"
                        + " (frames 4x10x10, 3 actions)", "name one trained on minatar:breakout");
    }

    @Test
    void aSnapshotOfAnotherActionCountStopsEvaluateWithExitTwoAndChangesNothing() throws Exception {
        Path store = store();
        // Asterix has Breakout's frames and 5 actions to its 3; written before snapshots recorded their game, the
        // snapshot is checked by its network.
        Path asterix = rewritten(snapshotOf("minatar:asterix"), dir.resolve("asterix-format-1.zip"),
                SnapshotHeader.ENTRY, entry -> null);
        Map<String, String> before = checksums(store);

        int exit = dqn(evaluate(store, asterix));

        assertRefused(exit, "evaluate", store, before, asterix.toString(), "has a network of 5 actions",
                "does not fit minatar:breakout (frames 4x10x10, 3 actions)", "name one trained on minatar:breakout");
    }

    @Test
    void aSnapshotOfANewerFormatInTheRunStopsTrainWithExitTwoAndChangesNothing() throws Exception {
        Path store = store();
        Path newer = rewritten(store.resolve(RUN + "/snapshots/1.zip"), store.resolve(RUN + "/snapshots/2.zip"),
                SnapshotHeader.ENTRY, header -> header.replace("snapshot_format=2", "snapshot_format=3"));
        Map<String, String> before = checksums(store);

        int exit = dqn(train(store.toString()));

        assertRefused(exit, "train", store, before, newer.toString(), "is in snapshot format '3', which this"
                + " dqn-spark does not know: it reads formats 1 to 2", "Use the dqn-spark that wrote it");
    }

    @Test
    void aConfWithAnUnknownKeyStopsCollectWithExitTwoAndChangesNothing() throws Exception {
        assertConfRefused("dqn.collect.actorz = 2\n", "Unknown setting 'dqn.collect.actorz' in ",
                "Did you mean 'dqn.collect.actors'?");
    }

    @Test
    void aConfWithAValueOfTheWrongTypeStopsCollectWithExitTwoAndChangesNothing() throws Exception {
        assertConfRefused("dqn.collect.actors = many\n", "dqn.collect.actors has type STRING rather than NUMBER",
                "See conf/reference.conf");
    }

    @Test
    void aConfWithAValueOutOfRangeStopsCollectWithExitTwoAndChangesNothing() throws Exception {
        assertConfRefused("dqn.collect.actors = 2\ndqn.exploration.final = 1.5\n",
                "Setting 'dqn.exploration.final' must be between 0 and 1, got 1.5 (in ", ", line 2)");
    }

    @Test
    void aStorePathThatIsARegularFileStopsCollectWithExitTwoAndChangesNothing() throws Exception {
        Path file = Files.writeString(dir.resolve("notes"), "not a store");
        Map<String, String> before = checksums(dir);

        int exit = dqn(collect(file.toString()));

        assertRefused(exit, "collect", dir, before, "The store " + file + " is a regular file, not a directory",
                "Give --store a directory");
    }

    @Test
    void aStorePathUnderARegularFileStopsCollectWithExitTwoAndChangesNothing() throws Exception {
        Path file = Files.writeString(dir.resolve("notes"), "not a store");
        Map<String, String> before = checksums(dir);

        int exit = dqn(collect(file.resolve("store").toString()));

        assertRefused(exit, "collect", dir, before, "lies under " + file + ", a regular file",
                "Give --store a directory");
    }

    @Test
    void aFullDiskDuringACollectStopsItWithExitTwoAndLeavesTheRunAsItWas() throws Exception {
        Path store = store();
        Map<String, String> before = checksums(store);
        // Room for the collect's saved settings, not for its transitions: the disk fills in a Spark task.
        FullDiskFileSystem.fillAfter(Files.size(store.resolve(RUN + "/conf/collect-0.conf")) + 512);

        int exit = dqn(collect(FullDiskFileSystem.uri(store)));

        assertRefused(exit, "collect", store, before, "No space left on the store's file system while collecting into"
                + " run 'r' (fulldisk:" + store.resolve(RUN) + "): nothing of this collect was committed",
                "Free space there");
    }

    @Test
    void aFullDiskDuringASnapshotWriteStopsTrainWithExitTwoAndLeavesTheRunAsItWas() throws Exception {
        Path store = store();
        Map<String, String> before = checksums(store);
        // The snapshot is the train's first write to the store.
        FullDiskFileSystem.fillAfter(1024);

        int exit = dqn(train(FullDiskFileSystem.uri(store), "--updates", "10"));

        assertRefused(exit, "train", store, before, "No space left on the store's file system while training run 'r'"
                + " (fulldisk:" + store.resolve(RUN) + "): the snapshot it was writing was not committed; the run's"
                + " newest snapshot is epoch-1", "Free space there");
    }

    /**
     * The command stopped on bad input and changed nothing: exit code 2, one or two lines without a stack trace
     * holding each of {@code named}, the files and directories under {@code store} as {@code before}, and
     * nothing in a run's staging directory.
     */
    private void assertRefused(int exit, String command, Path store, Map<String, String> before, String... named)
            throws IOException {
        String message = err.toString().strip();
        assertEquals(2, exit, message);
        List<String> lines = message.lines().toList();
        assertTrue(lines.size() <= 2 && lines.get(0).startsWith("dqn " + command + ": "),
                "one or two lines, the first naming the command: " + message);
        assertFalse(message.contains("\tat "), "no stack trace: " + message);
        for (String text : named) {
            assertTrue(message.contains(text), "'" + text + "' in: " + message);
        }
        assertEquals(before, checksums(store), "the store changed");
        try (Stream<Path> staged = Files.exists(store.resolve(RUN + "/_staging"))
                ? Files.list(store.resolve(RUN + "/_staging")) : Stream.empty()) {
            assertEquals(List.of(), staged.toList(), "staging left behind");
        }
    }

    /** A collect with a --conf of {@code conf}, refused naming the file and holding each of {@code named}. */
    private void assertConfRefused(String conf, String... named) throws IOException {
        Path store = store();
        Path file = Files.writeString(dir.resolve("bad.conf"), conf);
        Map<String, String> before = checksums(store);

        int exit = dqn(collect(store.toString(), "--conf", file.toString()));

        List<String> all = new ArrayList<>(List.of(named));
        all.add(file.toString());
        assertRefused(exit, "collect", store, before, all.toArray(String[]::new));
    }

    private int dqn(List<String> args) {
        return Dqn.execute(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private static List<String> collect(String store, String... more) {
        return collectOf(GAME, store, more);
    }

    private static List<String> collectOf(String game, String store, String... more) {
        List<String> args = new ArrayList<>(List.of("collect", "--game", game, "--agent-steps", "300", "--store", store,
                "--run", RUN, "--master", "local[2]"));
        args.addAll(List.of(more));
        return args;
    }

    private static List<String> train(String store, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--store", store, "--run", RUN));
        args.addAll(SMALL_TRAIN);
        args.addAll(List.of(more));
        return args;
    }

    private static List<String> evaluate(Path store, Path snapshot) {
        return List.of("evaluate", "--store", store.toString(), "--run", RUN, "--snapshot", snapshot.toString(),
                "--games", "2", "--master", "local[2]");
    }

    /** A copy of the committed run's store for this test. */
    private Path store() throws IOException {
        Path copy = dir.resolve("store");
        Path from = committedStore();
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path to = copy.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(path, to);
                }
            }
        }
        return copy;
    }

    /** The store of run "r": 300 random agent steps of Breakout and a snapshot of 10 updates (epoch 1). */
    private static synchronized Path committedStore() {
        if (committed == null) {
            Path store = shared.resolve("committed");
            build(store, GAME);
            committed = store;
        }
        return committed;
    }

    /** The snapshot of a run of {@code game}, built as the committed run is. */
    private static synchronized Path snapshotOf(String game) {
        return SNAPSHOTS_OF_OTHER_GAMES.computeIfAbsent(game, g -> {
            Path store = shared.resolve(g.replace(':', '-'));
            build(store, g);
            return store.resolve(RUN + "/snapshots/1.zip");
        });
    }

    private static void build(Path store, String game) {
        StringWriter log = new StringWriter();
        PrintWriter writer = new PrintWriter(log, true);
        assertEquals(0, Dqn.execute(collectOf(game, store.toString()).toArray(String[]::new), writer, writer),
                log.toString());
        assertEquals(0, Dqn.execute(train(store.toString(), "--updates", "10").toArray(String[]::new), writer, writer),
                log.toString());
    }

    /**
     * {@code from} copied to {@code to} with its entry {@code name} rewritten by {@code change} (its text in, the
     * new text out; null leaves the entry out).
     */
    private static Path rewritten(Path from, Path to, String name, UnaryOperator<String> change) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(from));
             ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(to))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                if (entry.getName().equals(name)) {
                    String text = change.apply(new String(bytes, StandardCharsets.UTF_8));
                    if (text == null) {
                        continue;
                    }
                    bytes = text.getBytes(StandardCharsets.UTF_8);
                }
                zip.putNextEntry(new ZipEntry(entry.getName()));
                zip.write(bytes);
                zip.closeEntry();
            }
        }
        return to;
    }

    /**
     * Every file under {@code root} with its SHA-256, and every directory, by path relative to {@code root}; the
     * runs' lock files (they name their latest holder) and staging directories (a job removes an empty one) aside.
     */
    private static Map<String, String> checksums(Path root) throws IOException {
        Map<String, String> sums = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                String name = root.relativize(path).toString();
                if (path.getFileName().toString().equals("run.lock") || name.endsWith("_staging")) {
                    continue;
                }
                sums.put(name, Files.isDirectory(path) ? "directory" : sha256(path));
            }
        }
        return sums;
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
