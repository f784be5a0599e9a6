package org.dqnspark.collector.demonstrations;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.collector.EpisodeWriter;
import org.dqnspark.core.UserError;
import org.dqnspark.core.env.Environment;
import org.dqnspark.core.env.EnvironmentSettings;
import org.dqnspark.core.env.FrameShape;
import org.dqnspark.core.env.RomFile;
import org.dqnspark.core.store.EpisodeIds;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.core.store.Transition;

/**
 * Imports human gameplay datasets into a run ({@code dqn import}): every trial becomes one iteration of the run's
 * tables, in the collector's schema and preprocessing ({@link AgentSteps}), {@code source = human}, recorded like
 * {@code dqn play}'s episodes (a {@code conf/play-<k>.conf} that no recovery removes and no schedule counts), all
 * trials of one import committed at once or none ({@link EpisodeWriter#batch}).
 *
 * <p>Everything is read and checked before anything is written: a malformed text file stops the import before
 * any screen is read; a missing or broken screen stops it before the commit; either way the run stays as it was. A
 * trial already in the run (same format, game, name and text) adds nothing. The caller holds the run's writer lock.
 */
public final class DemonstrationImport {
    /** The line of an imported iteration's play conf that names its trial ({@link Trial#identity}). */
    static final String IDENTITY_PREFIX = "# dqn import trial: ";

    /**
     * What to import.
     *
     * @param format      the dataset's format
     * @param paths       trial files, or directories to find them in
     * @param datasetGame overrides the game each trial's place in the dataset names (a renamed folder)
     * @param rom         the run's game: every trial must be of it
     * @param environment frame skip and max-pooling, as the collector plays ({@code dqn.environment})
     * @param settings    the resolved settings, saved beside each imported trial
     */
    public record Request(DatasetFormat format, List<java.nio.file.Path> paths, Optional<String> datasetGame,
                          RomFile rom, EnvironmentSettings environment, String settings) {
    }

    private final SparkSession spark;
    private final PrintStream out;

    /** @param out where progress lines go ({@code import: ...}) */
    public DemonstrationImport(SparkSession spark, PrintStream out) {
        this.spark = spark;
        this.out = out;
    }

    /**
     * Imports {@code request}'s trials into {@code store}'s run.
     *
     * @throws UserError naming the file (and line) of bad input, or the trial of another game; nothing is committed
     */
    public ImportReport run(Request request, RunStore store) {
        List<Trial> trials = new ArrayList<>();
        for (java.nio.file.Path file : request.format().trialFiles(request.paths())) {
            Trial trial = request.format().read(file, request.datasetGame());
            checkGame(trial, request.rom());
            trials.add(trial);
        }
        int[] minimal;
        try (Environment environment = request.rom().open(request.environment(), 0)) {
            minimal = new int[environment.actionCount()];
            for (int i = 0; i < minimal.length; i++) {
                minimal[i] = environment.nativeAction(i);
            }
        }
        AgentSteps agentSteps = new AgentSteps(new ActionMapping(minimal), request.environment());
        EpisodeWriter writer = new EpisodeWriter(spark, store, request.rom(), minimal.length, FrameShape.ATARI);
        store.recoverInterruptedCommits().forEach(line -> out.println("import: " + line));
        Set<String> known = importedTrials(store);
        ImportCounts counts = new ImportCounts();
        List<String> alreadyImported = new ArrayList<>();
        List<Integer> iterations;
        int imported = 0;
        try (EpisodeWriter.Batch batch = writer.batch("import")) {
            for (int t = 0; t < trials.size(); t++) {
                Trial trial = trials.get(t);
                if (!known.add(trial.identity())) {
                    alreadyImported.add(trial.name() + " (" + trial.file() + ")");
                    continue;
                }
                long started = System.nanoTime();
                long stepsBefore = counts.agentSteps;
                trial.skipped().forEach(counts::skip);
                int iteration = batch.nextIteration();
                List<Transition> transitions = new ArrayList<>();
                out.printf("import: trial %d/%d %s (%s): reading its screens%n", t + 1, trials.size(), trial.name(),
                        trial.file());
                try (Screens screens = trial.screens().get()) {
                    int episodes = 0;
                    for (int e = 0; e < trial.episodes().size(); e++) {
                        List<Transition> steps = agentSteps.of(trial.episodes().get(e), screens,
                                store.layout().run(), iteration, EpisodeIds.of(iteration, 0, episodes), counts);
                        episodes += steps.isEmpty() ? 0 : 1;
                        transitions.addAll(steps);
                        if (trial.episodes().size() > 1) {
                            out.printf("import: trial %s: episode %d/%d, %,d agent steps (%s)%n", trial.name(), e + 1,
                                    trial.episodes().size(), steps.size(), steps.isEmpty() ? "too short"
                                    : steps.get(steps.size() - 1).gameOver() ? "game over" : "truncated");
                        }
                    }
                }
                if (transitions.isEmpty()) {
                    out.printf("import: trial %s has no whole agent step; nothing of it is imported%n", trial.name());
                    continue;
                }
                batch.add(transitions, conf(trial, request.settings()));
                imported++;
                out.printf("import: trial %d/%d %s: %,d agent steps staged as iteration %d (%.1f s)%n", t + 1,
                        trials.size(), trial.name(), counts.agentSteps - stepsBefore, iteration,
                        (System.nanoTime() - started) / 1e9);
            }
            iterations = batch.commit();
        }
        return new ImportReport(imported, iterations, alreadyImported, counts.episodes, counts.gameOvers,
                counts.agentSteps, counts.frames, new LinkedHashMap<>(counts.mapped), counts.mixedActionSteps,
                new LinkedHashMap<>(counts.skipped));
    }

    private static void checkGame(Trial trial, RomFile rom) {
        if (!DatasetGames.same(trial.game(), rom.game())) {
            throw new UserError(trial.file() + " is a trial of " + (trial.game().isEmpty() ? "no game its folder names"
                    : "'" + trial.game() + "'") + " (by the folder it is in), but the ROM " + rom.path() + " is "
                    + rom.game() + ".\nImport it with that game's ROM into a run of that game, or, if the folder was"
                    + " renamed, name the dataset's game with --dataset-game. Nothing was imported.");
        }
    }

    /** The identities of the trials imported into the run before. */
    static Set<String> importedTrials(RunStore store) {
        Set<String> identities = new HashSet<>();
        for (int iteration : store.recordedIterations()) {
            org.apache.hadoop.fs.Path conf = store.layout().playConf(iteration);
            try (FSDataInputStream in = store.fileSystem().open(conf)) {
                new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .filter(line -> line.startsWith(IDENTITY_PREFIX))
                        .forEach(line -> identities.add(line.substring(IDENTITY_PREFIX.length()).trim()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot read " + conf, e);
            }
        }
        return identities;
    }

    private static String conf(Trial trial, String settings) {
        return String.format("# dqn import of %s trial %s of %s from %s, %s%n%s%s%n%s", trial.format().id(),
                trial.name(), trial.game(), trial.file().toAbsolutePath(), Instant.now(), IDENTITY_PREFIX,
                trial.identity(), settings);
    }
}
