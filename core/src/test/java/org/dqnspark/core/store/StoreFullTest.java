package org.dqnspark.core.store;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ClusterStorageCapacityExceededException;
import org.dqnspark.core.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreFullTest {
    @TempDir
    Path dir;

    private RunStore store() {
        return new RunStore(RunLayout.of(dir.toString(), "r"), new Configuration());
    }

    @Test
    void aFullLocalDiskDeepInTheCausesIsToldAsOneMessageNamingTheRunAndWhatWasKept() {
        Exception failure = new IllegalStateException("Job aborted.",
                new UncheckedIOException("cannot write", new IOException("No space left on device")));
        UserError e = assertThrows(UserError.class, () -> StoreFull.throwIfOutOfSpace(failure, store(),
                "collecting into", () -> "nothing of this collect was committed"));
        assertEquals("No space left on the store's file system while collecting into run 'r' (file:" + dir.resolve("r")
                + "): nothing of this collect was committed.\nFree space there (or raise its quota) and run the"
                + " command again.", e.getMessage());
    }

    @Test
    void anHdfsQuotaIsAFullStoreToo() {
        Exception failure = new RuntimeException(new ClusterStorageCapacityExceededException("quota exceeded"));
        assertThrows(UserError.class, () -> StoreFull.throwIfOutOfSpace(failure, store(), "training", () -> "-"));
    }

    @Test
    void anyOtherFailureIsLeftToTheJob() {
        Exception failure = new RuntimeException(new IOException("Connection refused"));
        assertDoesNotThrow(() -> StoreFull.throwIfOutOfSpace(failure, store(), "training", () -> "-"));
    }
}
