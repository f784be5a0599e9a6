package org.dqnspark.core.store;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.dqnspark.core.UserError;
import org.dqnspark.core.env.FrameShape;
import org.dqnspark.core.env.Game;

/**
 * A run's directory in the store. Every job writes into it through a {@link StagedCommit} (its outputs
 * staged under {@code _staging/}, then renamed into place with one of the renames as the commit point),
 * and starts by finishing or undoing whatever commit a killed job left ({@link #recoverInterruptedCommits}).
 * One job writes to a run at a time.
 */
public final class RunStore {

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

    /**
     * Fails unless the run's directory is one or can be made: a regular file at its path, at the store's or
     * at any directory above them is a mistake in {@code --store} or {@code --run}, told before a job starts
     * (the file system would refuse only the job's first write, deep in it).
     *
     * @throws UserError naming the file and what to do
     */
    public void checkPath() {
        for (Path path = qualified(layout.runDir()); path != null; path = path.getParent()) {
            FileStatus status;
            try {
                status = fs.getFileStatus(path);
            } catch (FileNotFoundException absent) {
                continue;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot check " + path, e);
            }
            if (status.isDirectory()) {
                return;
            }
            // As the user named them: a local store without its file: scheme.
            Path file = layout.store().toUri().getScheme() == null ? Path.getPathWithoutSchemeAndAuthority(path) : path;
            if (path.equals(qualified(layout.runDir()))) {
                throw new UserError("Run '" + layout.run() + "': " + file + " is a regular file, not the run's"
                        + " directory.\nMove the file out of the store, or give another --run.");
            }
            throw new UserError("The store " + layout.store() + (path.equals(qualified(layout.store()))
                    ? " is a regular file, not a directory."
                    : " lies under " + file + ", a regular file, not a directory.")
                    + "\nGive --store a directory (it is made if missing), or move the file away.");
        }
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
     * Committed iterations that {@code dqn play} recorded (a person's or a watched policy's episodes, each with
     * its {@link RunLayout#playConf}), ascending: data no job's recovery may remove, and agent steps that no
     * collect played.
     */
    public List<Integer> recordedIterations() {
        return committedIterations().stream().filter(this::isRecorded).toList();
    }

    /** Committed iterations that collect jobs wrote (all but the {@link #recordedIterations}), ascending. */
    public List<Integer> collectedIterations() {
        return committedIterations().stream().filter(iteration -> !isRecorded(iteration)).toList();
    }

    private boolean isRecorded(int iteration) {
        return exists(layout.playConf(iteration));
    }

    /**
     * Removes the collected iterations {@code first} and later: their transitions, episodes and saved config.
     * For undoing a stage that did not complete (the cycle job); a plain collect never removes data. Recorded
     * iterations ({@link #recordedIterations}) stay: a person may have played between the stage's start and
     * its recovery, and what they played is no stage's to undo.
     */
    public void discardIterationsFrom(int first) {
        List<Integer> recorded = recordedIterations();
        for (int iteration : iterationsUnder(layout.transitions())) {
            if (iteration >= first && !recorded.contains(iteration)) {
                delete(layout.transitions(iteration));
                delete(layout.collectConf(iteration));
            }
        }
        for (int iteration : iterationsUnder(layout.episodes())) {
            if (iteration >= first && !recorded.contains(iteration)) {
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
        return exists(file) ? Optional.of(GameRecord.parse(layout, file, readProperties(file))) : Optional.empty();
    }

    /** Fails, naming what to do, unless the run's tables are in this version's {@link GameRecord#FORMAT}. */
    public void checkFormat() {
        Path file = layout.gameRecord();
        if (exists(file)) {
            GameRecord.checkFormat(layout, file, readProperties(file));
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
        if (game().isEmpty()) {
            writeTextAtomically(layout.gameRecord(), PropertiesText.of(GameRecord.properties(game, actions, frameShape)));
        }
    }
}
