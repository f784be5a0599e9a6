package org.dqnspark.core.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.apache.hadoop.fs.Path;
import org.dqnspark.core.UserError;
import org.dqnspark.core.env.FrameShape;
import org.dqnspark.core.env.Game;
import org.dqnspark.core.env.RomFile;

/**
 * The game a run plays and the format of its tables, as recorded in its {@code game.properties}.
 *
 * @param game       its name ({@code breakout}, {@code minatar:breakout})
 * @param identity   what another job's game must match ({@link Game#identity()}: a ROM's MD5)
 * @param actions    the size of its action set
 * @param frameShape the shape of its preprocessed frames
 * @param romFile    the ROM's file name when collected; empty for a built-in game
 * @param romPath    the ROM's absolute path when collected; empty for a built-in game
 */
public record GameRecord(String game, String identity, int actions, FrameShape frameShape, Optional<String> romFile,
                         Optional<String> romPath) {
    /**
     * The layout of a run's tables this version reads and writes. 2: every column named by its unit
     * (transitions.episode_step and native_action; agent_steps, updates, updates_per_second, noop_frames).
     * Runs of format 1 (written before those names; no store_format in game.properties) are refused, not
     * misread.
     */
    public static final int FORMAT = 2;

    private static final String GAME = "game";
    private static final String ROM_MD5 = "rom_md5";
    private static final String ROM_FILE = "rom_file";
    private static final String ACTIONS = "actions";
    private static final String ROM_PATH = "rom_path";
    private static final String IDENTITY = "identity";
    private static final String FRAME_SHAPE = "frame_shape";
    private static final String STORE_FORMAT = "store_format";

    /** For messages: {@code breakout (ROM breakout.bin, MD5 ...)} or {@code minatar:breakout (built-in)}. */
    public String describe() {
        return romFile.map(file -> game + " (ROM " + file + ", MD5 " + identity + ")").orElse(game + " (built-in)");
    }

    /** What {@code game.properties} holds for a new run of {@code game}. */
    static Map<String, Object> properties(Game game, int actions, FrameShape frameShape) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put(GAME, game.name());
        record.put(IDENTITY, game.identity());
        record.put(ACTIONS, actions);
        record.put(FRAME_SHAPE, frameShape);
        record.put(STORE_FORMAT, FORMAT);
        if (game instanceof RomFile rom) {
            record.put(ROM_MD5, rom.md5());
            record.put(ROM_FILE, new java.io.File(rom.path()).getName());
            record.put(ROM_PATH, new java.io.File(rom.path()).getAbsolutePath());
        }
        return record;
    }

    /**
     * The record of {@code run}, read from {@code file}.
     *
     * @throws UserError when the run is of another store format or the file is damaged
     */
    static GameRecord parse(RunLayout run, Path file, Properties p) {
        checkFormat(run, file, p);
        try {
            // Runs recorded before built-in games existed have a ROM's MD5 and 84 x 84 frames.
            String identity = p.getProperty(IDENTITY, p.getProperty(ROM_MD5));
            FrameShape shape = FrameShape.parse(p.getProperty(FRAME_SHAPE, FrameShape.ATARI.toString()));
            return new GameRecord(Objects.requireNonNull(p.getProperty(GAME)), Objects.requireNonNull(identity),
                    Integer.parseInt(p.getProperty(ACTIONS)), shape, Optional.ofNullable(p.getProperty(ROM_FILE)),
                    Optional.ofNullable(p.getProperty(ROM_PATH)));
        } catch (RuntimeException e) {
            throw new UserError("Damaged run record " + file + ": it needs game, identity, actions and frame_shape.", e);
        }
    }

    /**
     * Fails unless the run recorded in {@code file} is of this version's {@link #FORMAT}.
     *
     * @throws UserError naming the run, its file and what to do
     */
    static void checkFormat(RunLayout run, Path file, Properties p) {
        String format = p.getProperty(STORE_FORMAT, "1");
        if (!format.equals(String.valueOf(FORMAT))) {
            throw new UserError("Run '" + run.run() + "' in " + run.store() + " is in store format " + format + " ("
                    + file + "); this dqn-spark reads format " + FORMAT + " only. Format 2 renamed columns to name"
                    + " their unit (transitions.step -> episode_step, ale_action -> native_action, episodes.steps and"
                    + " training.steps -> agent_steps, training.total_train_steps -> total_updates, ...; see the"
                    + " README, \"Store format\").\nRead it with the dqn-spark that wrote it, or collect a new run.");
        }
    }
}
