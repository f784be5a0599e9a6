package org.dqnspark.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.dqnspark.core.UserError;
import org.dqnspark.core.env.FrameShape;
import org.dqnspark.core.env.Games;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run records its game and the format of its tables; a run of an older format is refused, not misread. */
class GameRecordTest {
    @TempDir
    Path store;

    private RunStore run(String name) {
        return new RunStore(RunLayout.of(store.toString(), name), new Configuration());
    }

    @Test
    void aNewRunRecordsItsGameAndTheCurrentStoreFormat() throws Exception {
        RunStore run = run("new");
        run.recordGame(Games.builtIn("minatar:breakout"), 3, new FrameShape(4, 10, 10));
        Properties written = new Properties();
        try (var in = Files.newBufferedReader(store.resolve("new/game.properties"))) {
            written.load(in);
        }
        assertEquals(String.valueOf(GameRecord.FORMAT), written.getProperty("store_format"));
        GameRecord record = run.game().orElseThrow();
        assertEquals("minatar:breakout", record.game());
        assertEquals(3, record.actions());
    }

    @Test
    void aRunWrittenBeforeTheUnitNamesIsRefusedNamingItsFileAndWhatToDo() throws Exception {
        Files.createDirectories(store.resolve("old"));
        Path file = Files.writeString(store.resolve("old/game.properties"),
                "game=minatar\\:breakout\nidentity=minatar\\:breakout\nactions=3\nframe_shape=4x10x10\n");
        UserError e = assertThrows(UserError.class, () -> run("old").game());
        assertTrue(e.getMessage().contains("store format 1") && e.getMessage().contains(file.toString())
                && e.getMessage().contains("episode_step") && e.getMessage().contains("collect a new run"),
                e.getMessage());
        UserError listing = assertThrows(UserError.class, () -> StoreTables.runs(store.toString(), new Configuration()));
        assertTrue(listing.getMessage().contains("is in store format 1"),
                "dqn sql refuses it too, rather than mixing its columns in: " + listing.getMessage());
        assertTrue(Files.readString(file).startsWith("game="), "the old run is left as it was");
    }
}
