package org.dqnspark.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.dqnspark.core.UserError;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.core.store.SnapshotStore;
import org.dqnspark.core.store.Transition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Naming the policy that plays, on a local store whose snapshots are empty files (only their names count). */
class PlayingPolicyTest {
    @TempDir
    Path dir;

    /** The run "r" with snapshots of {@code epochs}. */
    private RunStore runWithSnapshots(Integer... epochs) throws Exception {
        RunStore store = new RunStore(RunLayout.of(dir.toString(), "r"), new Configuration());
        Path snapshots = Files.createDirectories(Path.of(store.layout().snapshots().toUri().getPath()));
        for (int epoch : epochs) {
            Files.createFile(snapshots.resolve(epoch + ".zip"));
        }
        return store;
    }

    private List<Path> filesIn(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void latestResolvesToTheNewestSnapshotBeforeAnythingIsWritten() throws Exception {
        RunStore store = runWithSnapshots(1, 3, 2);
        List<Path> before = filesIn(dir);
        PlayingPolicy latest = PlayingPolicy.resolve(PlayingPolicy.LATEST_NAME, store);
        assertEquals(new PlayingPolicy.RunSnapshot(3,
                store.qualified(new SnapshotStore(store).path(3)).toString()), latest);
        assertEquals("epoch-3", latest.name());
        assertEquals(Optional.of(3), latest.snapshotEpoch());
        assertEquals(before, filesIn(dir), "resolving writes nothing");
    }

    @Test
    void anUnknownPolicyNameIsAUserErrorNamingTheChoices() throws Exception {
        RunStore store = runWithSnapshots(1, 2);
        UserError e = assertThrows(UserError.class, () -> PlayingPolicy.resolve("greedy", store));
        assertEquals("Unknown --policy 'greedy': use random, latest or a snapshot's epoch number (one of [1, 2]).",
                e.getMessage());
    }

    @Test
    void anEpochTheRunDoesNotHaveIsAUserErrorListingTheEpochsItHas() throws Exception {
        RunStore store = runWithSnapshots(1, 2);
        UserError e = assertThrows(UserError.class, () -> PlayingPolicy.resolve("99", store));
        assertTrue(e.getMessage().startsWith("No snapshot "), e.getMessage());
        assertTrue(e.getMessage().endsWith("the run has epochs [1, 2]."), e.getMessage());
    }

    @Test
    void latestWithoutSnapshotsSaysToCollectRandomlyAndTrainFirst() throws Exception {
        RunStore store = runWithSnapshots();
        UserError e = assertThrows(UserError.class, () -> PlayingPolicy.resolve(PlayingPolicy.LATEST_NAME, store));
        assertTrue(e.getMessage().startsWith("No snapshot yet for --policy latest"), e.getMessage());
        assertTrue(e.getMessage().contains("--policy random first"), e.getMessage());
    }

    @Test
    void aCycleCollectsRandomlyUntilTheFirstSnapshotThenWithTheNewest() throws Exception {
        RunStore store = runWithSnapshots();
        assertEquals(new PlayingPolicy.Random(), PlayingPolicy.newestSnapshotOrRandom(store));
        Files.createFile(Path.of(store.layout().snapshots().toUri().getPath()).resolve("4.zip"));
        assertEquals(Optional.of(4), PlayingPolicy.newestSnapshotOrRandom(store).snapshotEpoch());
    }

    @Test
    void randomPlayIsRecordedAsRandomWithoutASnapshotAndExploresAlways() {
        PlayingPolicy random = new PlayingPolicy.Random();
        assertEquals("random", random.name());
        assertEquals(Transition.SOURCE_RANDOM, random.source());
        assertEquals(Optional.empty(), random.snapshotName());
        assertEquals(Optional.empty(), random.snapshotEpoch());
        assertEquals("random", random.kind());
        assertEquals(1.0, random.epsilon(0.05));
    }

    @Test
    void aSnapshotPlaysAsTheAgentAtTheEpsilonTheJobWasGiven() throws Exception {
        PlayingPolicy epoch = new PlayingPolicy.RunSnapshot(3, "file:/store/r/snapshots/3.zip");
        assertEquals(Transition.SOURCE_AGENT, epoch.source());
        assertEquals(Optional.of("epoch-3"), epoch.snapshotName());
        assertEquals("snapshot", epoch.kind());
        assertEquals(0.05, epoch.epsilon(0.05));

        Path file = Files.createFile(dir.resolve("mine.zip"));
        PlayingPolicy.Snapshot mine = PlayingPolicy.resolveSnapshot(file.toString(), runWithSnapshots());
        assertEquals("mine.zip", mine.name());
        assertEquals(Optional.empty(), mine.snapshotEpoch(), "a file of the user's is no epoch of the run");
        assertEquals(file.toUri().toString(), mine.path());
    }

    @Test
    void aMissingSnapshotFileIsAUserError() throws Exception {
        RunStore store = runWithSnapshots();
        UserError e = assertThrows(UserError.class, () -> PlayingPolicy.resolveSnapshot(
                dir.resolve("gone.zip").toString(), store));
        assertTrue(e.getMessage().startsWith("Snapshot file not found: "), e.getMessage());
    }

    @Test
    void everyPolicyTravelsToTheExecutorsByJavaSerialization() throws Exception {
        for (PlayingPolicy policy : List.of(new PlayingPolicy.Random(), new PlayingPolicy.RunSnapshot(2, "file:/s/2.zip"),
                new PlayingPolicy.SnapshotFile("file:/tmp/mine.zip", "mine.zip"))) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(policy);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                assertEquals(policy, in.readObject());
            }
        }
    }
}
