package org.dqnspark.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.dqnspark.core.UserError;
import org.dqnspark.core.env.FrameShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotHeaderTest {
    private static final GameRecord BREAKOUT = new GameRecord("minatar:breakout", "minatar:breakout", 3,
            new FrameShape(4, 10, 10), Optional.empty(), Optional.empty());

    @TempDir
    Path dir;

    private org.apache.hadoop.fs.Path zip(String name, String header) throws Exception {
        Path file = dir.resolve(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("configuration.json"));
            zip.write("{}".getBytes());
            if (header != null) {
                zip.putNextEntry(new ZipEntry(SnapshotHeader.ENTRY));
                zip.write(header.getBytes());
            }
        }
        return new org.apache.hadoop.fs.Path(file.toUri());
    }

    @Test
    void aSnapshotRecordsItsRunsGameAndReadsItBack() throws Exception {
        org.apache.hadoop.fs.Path snapshot = zip("1.zip", SnapshotHeader.text(Optional.of(BREAKOUT)));
        assertEquals(Optional.of(BREAKOUT), SnapshotHeader.readGame(snapshot, new Configuration()));
    }

    @Test
    void aSnapshotWrittenBeforeSnapshotsRecordedTheirGameHasNone() throws Exception {
        assertEquals(Optional.empty(), SnapshotHeader.readGame(zip("1.zip", null), new Configuration()));
    }

    @Test
    void aSnapshotOfALaterFormatIsRefusedNamingTheFileAndTheFormats() throws Exception {
        org.apache.hadoop.fs.Path snapshot = zip("9.zip", "snapshot_format=3\ngame=minatar\\:breakout\n");
        UserError e = assertThrows(UserError.class, () -> SnapshotHeader.readGame(snapshot, new Configuration()));
        assertTrue(e.getMessage().startsWith("Snapshot " + snapshot + " is in snapshot format '3', which this"
                + " dqn-spark does not know: it reads formats 1 to 2 ("), e.getMessage());
    }
}
