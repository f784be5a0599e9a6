package org.dqnspark.collector.demonstrations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.dqnspark.core.UserError;

/** The human gameplay datasets {@code dqn import} reads, by the name {@code --format} takes. */
public enum DatasetFormat {
    /** Zhang et al. 2019, "Atari-HEAD: Atari Human Eye-Tracking and Demonstration Dataset" (Zenodo 3451402). */
    ATARI_HEAD("atari-head") {
        @Override
        Trial read(Path file, Optional<String> game) {
            return AtariHeadTrials.read(file, game);
        }

        @Override
        boolean isTrialFile(Path file) {
            return AtariHeadTrials.isTrialFile(file);
        }
    },
    /** Kurin et al. 2017, "The Atari Grand Challenge Dataset" (arXiv:1705.10998). */
    AGC("agc") {
        @Override
        Trial read(Path file, Optional<String> game) {
            return AgcTrajectories.read(file, game);
        }

        @Override
        boolean isTrialFile(Path file) {
            return AgcTrajectories.isTrialFile(file);
        }
    };

    private final String id;

    DatasetFormat(String id) {
        this.id = id;
    }

    /** The name {@code --format} takes and a run records. */
    public String id() {
        return id;
    }

    /**
     * The format named {@code id}.
     *
     * @throws UserError listing the formats
     */
    public static DatasetFormat of(String id) {
        for (DatasetFormat format : values()) {
            if (format.id.equals(id)) {
                return format;
            }
        }
        throw new UserError("Unknown dataset format '" + id + "': --format takes atari-head or agc.");
    }

    /**
     * Reads and checks one trial's text file; {@code game}, when given, overrides the game the trial's place in
     * the dataset names.
     *
     * @throws UserError naming the file and line of anything malformed
     */
    abstract Trial read(Path file, Optional<String> game);

    /** Whether a file found in a directory given to {@code dqn import} is one of this format's trial files. */
    abstract boolean isTrialFile(Path file);

    /**
     * The trial files that {@code paths} name: a file itself, a directory every trial file below it, sorted.
     *
     * @throws UserError when a path is missing or a directory holds no trial
     */
    public List<Path> trialFiles(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isRegularFile(path)) {
                files.add(path);
            } else if (Files.isDirectory(path)) {
                List<Path> found = find(path, this::isTrialFile);
                if (found.isEmpty()) {
                    throw new UserError("No " + id + " trial under " + path + ": " + howToFind());
                }
                files.addAll(found);
            } else {
                throw new UserError("Not found: " + path + ". Name " + id + " trial files or directories holding them.");
            }
        }
        return files;
    }

    private String howToFind() {
        return this == ATARI_HEAD
                ? "a trial is a <trial id>_<subject>_....txt file beside its .tar.bz2 archive of screens (unpack the"
                        + " game's .zip from Zenodo record 3451402)."
                : "a trajectory is trajectories/<game>/<n>.txt, its screens in screens/<game>/<n>/ (unpack the"
                        + " dataset's archive).";
    }

    private static List<Path> find(Path dir, Predicate<Path> trial) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).filter(trial).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
