package org.dqnspark.core.store;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.dqnspark.core.UserError;
import org.dqnspark.core.config.Provenance;
import org.dqnspark.core.env.FrameShape;

/**
 * A snapshot's entry {@value #ENTRY}: the snapshot's format, and the game it was trained on (its name, its
 * identity, its actions and its frame shape, as the run's {@code game.properties} records them), so that a
 * snapshot is refused by a job of another game, or by a dqn-spark too old to read it, before it plays.
 */
public final class SnapshotHeader {
    /**
     * The snapshot format this version writes; it reads this one and the ones before. 2: the snapshot records
     * its format and its game; 1 (no {@value #ENTRY}) did not, and is checked by its network's shape instead.
     * A snapshot of a later format is refused, not misread.
     */
    public static final int FORMAT = 2;
    public static final String ENTRY = "dqn/game.properties";

    private static final String SNAPSHOT_FORMAT = "snapshot_format";
    private static final String GAME = "game";
    private static final String IDENTITY = "identity";
    private static final String ACTIONS = "actions";
    private static final String FRAME_SHAPE = "frame_shape";

    private SnapshotHeader() {
    }

    /** The entry of a new snapshot of a run playing {@code game}. */
    static String text(Optional<GameRecord> game) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(SNAPSHOT_FORMAT, FORMAT);
        game.ifPresent(record -> {
            values.put(GAME, record.game());
            values.put(IDENTITY, record.identity());
            values.put(ACTIONS, record.actions());
            values.put(FRAME_SHAPE, record.frameShape());
        });
        return PropertiesText.of(values);
    }

    /**
     * The game the snapshot file at {@code path} was trained on; empty for a snapshot of format 1, which does not
     * record it. Reads the zip's entries, not its network.
     *
     * @throws UserError when the file is not a readable snapshot, or is of a later format, naming it
     */
    public static Optional<GameRecord> readGame(Path path, Configuration hadoop) {
        try (ZipInputStream zip = new ZipInputStream(path.getFileSystem(hadoop).open(path))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().equals(ENTRY)) {
                    return parse(path, new String(zip.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UserError("Cannot read snapshot " + path + ": " + e.getMessage()
                    + "\nName a snapshot .zip that dqn train wrote.", e);
        }
    }

    /**
     * The game recorded in the entry's {@code text}, of the snapshot at {@code path}.
     *
     * @throws UserError when the snapshot's format is one this version does not read
     * @throws IOException when the entry is damaged
     */
    static Optional<GameRecord> parse(Path path, String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        String format = p.getProperty(SNAPSHOT_FORMAT, "");
        if (!format.matches("\\d{1,9}") || Integer.parseInt(format) < 1 || Integer.parseInt(format) > FORMAT) {
            throw new UserError("Snapshot " + path + " is in snapshot format '" + format + "', which this dqn-spark"
                    + " does not know: it reads formats 1 to " + FORMAT + " (" + Provenance.codeVersion() + ").\nUse"
                    + " the dqn-spark that wrote it (the snapshot's entry dqn/settings.conf names it), or a snapshot of"
                    + " this one.");
        }
        if (p.getProperty(GAME) == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new GameRecord(p.getProperty(GAME), p.getProperty(IDENTITY),
                    Integer.parseInt(p.getProperty(ACTIONS)), FrameShape.parse(p.getProperty(FRAME_SHAPE)),
                    Optional.empty(), Optional.empty()));
        } catch (RuntimeException e) {
            throw new IOException("its " + ENTRY + " is damaged: " + text.replace('\n', ' '), e);
        }
    }
}
