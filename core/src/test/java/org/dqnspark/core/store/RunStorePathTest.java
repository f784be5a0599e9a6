package org.dqnspark.core.store;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.dqnspark.core.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RunStore#checkPath}: a regular file where the store or the run should be is told before a job starts. */
class RunStorePathTest {
    @TempDir
    Path dir;

    private static void check(Path store) {
        new RunStore(RunLayout.of(store.toString(), "r"), new Configuration()).checkPath();
    }

    @Test
    void aStoreThatDoesNotExistYetOrIsADirectoryIsFine() throws Exception {
        assertDoesNotThrow(() -> check(dir.resolve("new/store")));
        assertDoesNotThrow(() -> check(Files.createDirectories(dir.resolve("store/r"))));
    }

    @Test
    void aStoreThatIsARegularFileIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("notes"), "x");
        UserError e = assertThrows(UserError.class, () -> check(file));
        assertEquals("The store " + file + " is a regular file, not a directory.\nGive --store a directory (it is made"
                + " if missing), or move the file away.", e.getMessage());
    }

    @Test
    void aStoreUnderARegularFileIsRefusedNamingTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("notes"), "x");
        UserError e = assertThrows(UserError.class, () -> check(file.resolve("a/store")));
        assertEquals("The store " + file.resolve("a/store") + " lies under " + file + ", a regular file, not a"
                + " directory.\nGive --store a directory (it is made if missing), or move the file away.",
                e.getMessage());
    }

    @Test
    void aRunThatIsARegularFileIsRefused() throws Exception {
        Files.createDirectories(dir.resolve("store"));
        Path run = Files.writeString(dir.resolve("store/r"), "x");
        UserError e = assertThrows(UserError.class, () -> check(dir.resolve("store")));
        assertEquals("Run 'r': " + run + " is a regular file, not the run's directory.\nMove the file out of the"
                + " store, or give another --run.", e.getMessage());
    }
}
