package org.dqnspark.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.dqnspark.core.UserError;
import org.dqnspark.core.env.FrameShape;
import org.dqnspark.core.env.Game;
import org.dqnspark.core.env.RomFile;

/**
 * A run's directory in the store. Every job writes into it through a {@link StagedCommit} (its outputs
 * staged under {@code _staging/}, then renamed into place with one of the renames as the commit point),
 * and starts by finishing or undoing whatever commit a killed job left ({@link #recoverInterruptedCommits}).
 * One job writes to a run at a time.
 */
public final class RunStore {
    private static final String GAME = "game";
    private static final String ROM_MD5 = "rom_md5";
    private static final String ROM_FILE = "rom_file";
    private static final String ACTIONS = "actions";
    private static final String ROM_PATH = "rom_path";
    private static final String IDENTITY = "identity";
    private static final String FRAME_SHAPE = "frame_shape";

    private final FileSystem fs;
    private final RunLayout layout;

    public RunStore(RunLayout layout, Configuration hadoop) {
        this.layout = layout;
        try {
            this.fs = layout.store().getFileSystem(hadoop);
        } catch (IOException e) {
            throw new UserError("Cannot open the store " + layout.store() + ": " + e.getMessage(), e);
        }
    }

    public RunLayout layout() {
        return layout;
    }

    public FileSystem fileSystem() {
        return fs;
    }

    /** A path's fully qualified form (Spark and readers on other machines resolve it the same way). */
    public Path qualified(Path path) {
        return fs.makeQualified(path);
    }

    /** Iterations whose transitions are committed, ascending. */
    public List<Integer> committedIterations() {
        return iterationsUnder(layout.transitions());
    }

    public int nextIteration() {
        List<Integer> done = committedIterations();
        return done.isEmpty() ? 0 : done.get(done.size() - 1) + 1;
    }

    /** Committed iterations whose episodes table is missing (the job stopped between the two renames). */
    public List<Integer> iterationsMissingEpisodes() {
        List<Integer> present = iterationsUnder(layout.episodes());
        List<Integer> missing = new ArrayList<>(committedIterations());
        missing.removeAll(present);
        return missing;
    }

    /** The next number of the {@code evaluations} table's {@code evaluation=<k>} partitions. */
    public int nextEvaluation() {
        List<Integer> done = partitionsUnder(layout.evaluations(), "evaluation");
        return done.isEmpty() ? 0 : done.get(done.size() - 1) + 1;
    }

    /** Cycles whose row of the {@code cycles} table is committed, ascending. */
    public List<Integer> committedCycles() {
        return partitionsUnder(layout.cycles(), "cycle");
    }

    /**
     * Removes iterations {@code first} and later: their transitions, episodes and saved config. For
     * undoing a stage that did not complete (the cycle job); a plain collect never removes data.
     */
    public void discardIterationsFrom(int first) {
        for (int iteration : iterationsUnder(layout.transitions())) {
            if (iteration >= first) {
                delete(layout.transitions(iteration));
                delete(layout.collectConf(iteration));
            }
        }
        for (int iteration : iterationsUnder(layout.episodes())) {
            if (iteration >= first) {
                delete(layout.episodes(iteration));
            }
        }
    }

    /** Removes the evaluations numbered {@code first} and later (see {@link #discardIterationsFrom}). */
    public void discardEvaluationsFrom(int first) {
        for (int evaluation : partitionsUnder(layout.evaluations(), "evaluation")) {
            if (evaluation >= first) {
                delete(layout.evaluations(evaluation));
                delete(layout.evaluateConf(evaluation));
            }
        }
    }

    /**
     * A new commit named {@code name} (the job's; it names the commit's pause points), with an empty staging
     * directory of its own.
     */
    public StagedCommit beginCommit(String name) {
        return new StagedCommit(this, name);
    }

    /**
     * Finishes or undoes every commit that a killed job left half done ({@link StagedCommit}), and removes
     * what it staged. Every job calls this first; returns a line per commit finished or undone.
     */
    public List<String> recoverInterruptedCommits() {
        return StagedCommit.recoverAll(this);
    }

    /** Writes the new file {@code file} whole or not at all: staged, then renamed into place. */
    public void writeTextAtomically(Path file, String text) {
        try (StagedCommit commit = beginCommit("write-" + file.getName())) {
            Path staged = commit.stage(file.getName());
            writeText(staged, text);
            commit.renameAsCommitPoint(staged, file).commit();
        }
    }

    /** A properties file of the store. */
    public Properties readProperties(Path file) {
        Properties properties = new Properties();
        try (InputStream in = fs.open(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return properties;
    }

    private List<Integer> iterationsUnder(Path table) {
        return partitionsUnder(table, TransitionSchema.ITERATION);
    }

    private List<Integer> partitionsUnder(Path table, String column) {
        List<Integer> iterations = new ArrayList<>();
        try {
            if (!fs.exists(table)) {
                return iterations;
            }
            String prefix = column + "=";
            for (FileStatus status : fs.listStatus(table)) {
                String name = status.getPath().getName();
                if (status.isDirectory() && name.startsWith(prefix)) {
                    iterations.add(Integer.parseInt(name.substring(prefix.length())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + table, e);
        } catch (NumberFormatException e) {
            throw new UserError("Damaged store: a directory under " + table + " is named " + column + "=<not a number>."
                    + " Move it out of the store and run again.", e);
        }
        iterations.sort(null);
        return iterations;
    }

    public void delete(Path path) {
        try {
            fs.delete(path, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }

    public void writeText(Path file, String text) {
        try (OutputStream out = fs.create(file, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Moves {@code from} to {@code to}; both on this store. Creates {@code to}'s parent. */
    public void rename(Path from, Path to) {
        try {
            fs.mkdirs(to.getParent());
            if (fs.exists(to)) {
                throw new IllegalStateException("refusing to overwrite " + to + " (is another job writing to this run?)");
            }
            if (!fs.rename(from, to)) {
                throw new IOException("rename returned false");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + from + " to " + to, e);
        }
    }

    public boolean exists(Path path) {
        try {
            return fs.exists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + path, e);
        }
    }

    /** The game this run plays, if any data was committed to it yet. */
    public Optional<GameRecord> game() {
        Path file = layout.gameRecord();
        if (!exists(file)) {
            return Optional.empty();
        }
        Properties p = readProperties(file);
        try {
            String game = p.getProperty(GAME);
            // Runs recorded before built-in games existed have a ROM's MD5 and 84 x 84 frames.
            String identity = p.getProperty(IDENTITY, p.getProperty(ROM_MD5));
            FrameShape shape = FrameShape.parse(p.getProperty(FRAME_SHAPE, FrameShape.ATARI.toString()));
            return Optional.of(new GameRecord(java.util.Objects.requireNonNull(game), java.util.Objects
                    .requireNonNull(identity), Integer.parseInt(p.getProperty(ACTIONS)), shape,
                    Optional.ofNullable(p.getProperty(ROM_FILE)), Optional.ofNullable(p.getProperty(ROM_PATH))));
        } catch (RuntimeException e) {
            throw new UserError("Damaged run record " + file + ": it needs game, identity, actions and frame_shape.", e);
        }
    }

    /**
     * Fails unless {@code game} is the game the run already plays; a run mixes no games.
     *
     * @throws UserError naming both
     */
    public void checkSameGame(Game game) {
        game().ifPresent(recorded -> {
            if (!recorded.identity().equals(game.identity())) {
                throw new UserError("Run '" + layout.run() + "' plays " + recorded.describe() + ", not " + game.name()
                        + " (" + game.source() + ", " + game.identity() + ").\nUse a new --run name for another game.");
            }
        });
    }

    /** Records the run's game, the size of its action set and its frame shape, if not recorded yet. */
    public void recordGame(Game game, int actions, FrameShape frameShape) {
        if (game().isPresent()) {
            return;
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put(GAME, game.name());
        record.put(IDENTITY, game.identity());
        record.put(ACTIONS, actions);
        record.put(FRAME_SHAPE, frameShape);
        if (game instanceof RomFile rom) {
            record.put(ROM_MD5, rom.md5());
            record.put(ROM_FILE, new java.io.File(rom.path()).getName());
            record.put(ROM_PATH, new java.io.File(rom.path()).getAbsolutePath());
        }
        writeTextAtomically(layout.gameRecord(), PropertiesText.of(record));
    }

    /**
     * The game a run plays, as recorded in {@code game.properties}.
     *
     * @param game       its name ({@code breakout}, {@code minatar:breakout})
     * @param identity   what another job's game must match ({@link Game#identity()}: a ROM's MD5)
     * @param actions    the size of its action set
     * @param frameShape the shape of its preprocessed frames
     * @param romFile    the ROM's file name when collected; empty for a built-in game
     * @param romPath    the ROM's absolute path when collected; empty for a built-in game
     */
    public record GameRecord(String game, String identity, int actions, FrameShape frameShape,
                             Optional<String> romFile, Optional<String> romPath) {
        /** For messages: {@code breakout (ROM breakout.bin, MD5 ...)} or {@code minatar:breakout (built-in)}. */
        public String describe() {
            return romFile.map(file -> game + " (ROM " + file + ", MD5 " + identity + ")").orElse(game + " (built-in)");
        }
    }
}
