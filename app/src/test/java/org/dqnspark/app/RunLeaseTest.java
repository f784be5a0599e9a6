package org.dqnspark.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.dqnspark.core.store.RunLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run's lease (the writer lock where no OS lock exists, as on HDFS), tested on the local file system
 * through Hadoop's FileSystem API, the same calls HDFS answers.
 */
class RunLeaseTest {
    @TempDir
    Path dir;

    private RunLayout run() {
        return RunLayout.of("file://" + dir, "r");
    }

    @Test
    void aSecondWriterStopsNamingTheHolderWhileTheLeaseIsHeldAndRenewed() throws Exception {
        Duration term = Duration.ofMillis(900);
        try (RunLease first = RunLease.acquire(run(), "dqn collect, pid 1 on a", false, new Configuration(), term)) {
            Thread.sleep(2 * term.toMillis()); // past its first term: renewed meanwhile
            RunLock.Held held = assertThrows(RunLock.Held.class,
                    () -> RunLease.acquire(run(), "dqn train, pid 2 on b", false, new Configuration(), term));
            assertTrue(held.getMessage().contains("dqn collect, pid 1 on a"), held.getMessage());
            assertTrue(held.getMessage().contains("run.lease"), held.getMessage());
        }
        assertFalse(Files.exists(dir.resolve("r/run.lease")), "released on close");
        RunLease.acquire(run(), "dqn train, pid 2 on b", false, new Configuration(), term).close();
    }

    @Test
    void aLeaseLeftByAWriterThatDiedIsTakenOverOnceItExpires() throws Exception {
        Files.createDirectories(dir.resolve("r"));
        Files.writeString(dir.resolve("r/run.lease"), "holder=dqn cycle, pid 9 on gone\nexpires_at="
                + Instant.now().minusSeconds(1) + "\n");
        try (RunLease lease = RunLease.acquire(run(), "dqn cycle, pid 10", false, new Configuration())) {
            assertTrue(Files.readString(dir.resolve("r/run.lease")).contains("pid 10"));
        }
        try (var files = Files.list(dir.resolve("r"))) {
            assertEquals(1, files.filter(f -> f.getFileName().toString().startsWith("_run.lease.expired-")).count(),
                    "the expired lease is set aside, not deleted");
        }
    }

    @Test
    void aWaitingWriterTakesTheLeaseWhenTheHolderReleasesIt() throws Exception {
        Duration term = Duration.ofSeconds(3);
        RunLease first = RunLease.acquire(run(), "first", false, new Configuration(), term);
        CompletableFuture<RunLease> second = CompletableFuture.supplyAsync(
                () -> RunLease.acquire(run(), "second", true, new Configuration(), term));
        Thread.sleep(1500);
        assertFalse(second.isDone(), "waits while the lease is held");
        first.close();
        try (RunLease taken = second.get(10, TimeUnit.SECONDS)) {
            assertTrue(Files.readString(dir.resolve("r/run.lease")).contains("holder=second"));
        }
    }
}
