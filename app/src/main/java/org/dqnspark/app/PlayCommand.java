package org.dqnspark.app;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.app.play.PlayGame;
import org.dqnspark.collector.CollectSettings;
import org.dqnspark.collector.EpisodeWriter;
import org.dqnspark.core.UserError;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.Environment;
import org.dqnspark.core.env.Game;
import org.dqnspark.core.policy.PlayingPolicy;
import org.dqnspark.core.spark.SparkSessions;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.evaluator.EvaluateSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dqn play}: a window to play the game in, watch a snapshot play it, and record the play into a run. */
@Command(name = "play", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Opens a window with the game: play it with the arrow keys and space (FIRE), or watch a"
                + " policy play and take over with m. With --store and --run every agent step is recorded into the"
                + " run's tables (source human, agent or random), each episode committed as it ends.",
                "Keys: arrows and space play (no key = NOOP); m switches agent/human; a halves, s doubles the speed;"
                        + " p pauses; Esc or closing the window ends (the episode in progress is saved as truncated)."})
public final class PlayCommand implements Callable<Integer> {
    static final String HUMAN = "human";

    @Mixin
    GameOptions game;

    @Option(names = "--store", paramLabel = "DIR", description = "Record into this store (with --run).")
    String store;

    @Option(names = "--run", paramLabel = "NAME", description = "The run to record into (with --store).")
    String run;

    @Option(names = "--policy", paramLabel = "human|random|latest|SNAPSHOT", defaultValue = HUMAN,
            description = "What plays until you press m: human (you, throughout), random, the run's latest snapshot,"
                    + " an epoch of the run or a snapshot .zip. Default: ${DEFAULT-VALUE}.")
    String policy;

    @Option(names = "--scale", paramLabel = "N",
            description = "Window pixels per screen pixel (default: 3 for Atari, 40 for MinAtar).")
    Integer scale;

    @Option(names = "--speed", paramLabel = "STEPS_PER_S", description = "Agent steps per second (default: Atari"
            + " in real time, 60 frames/s over the frame skip; MinAtar 8).")
    Double speed;

    @Option(names = "--step-mode", description = "No clock: each press of Enter plays one agent step with the keys"
            + " held then (for tests, and for looking at a game step by step).")
    boolean stepMode;

    @Mixin
    SettingsOptions settingsFiles;

    @Option(names = "--wait", description = "If another dqn command is writing to the run, wait for it to finish.")
    boolean waitForWriter;

    @Override
    public Integer call() {
        PlayGame.checkDisplay();
        Game named = game.required();
        if ((store == null) != (run == null)) {
            throw new UserError("Give --store and --run together (to record into that run), or neither.");
        }
        if (scale != null && scale < 1) {
            throw new UserError("--scale must be at least 1, got " + scale + ".");
        }
        if (speed != null && !(speed > 0)) {
            throw new UserError("--speed must be a positive number of agent steps per second, got " + speed + ".");
        }
        Settings settings = settingsFiles.load(List.of(), Optional.of(named.family()));
        CollectSettings collect = CollectSettings.from(settings);
        double epsilon = EvaluateSettings.from(settings).epsilon();
        Optional<RunLayout> layout = Optional.ofNullable(store).map(s -> RunLayout.of(s, run));
        layout.ifPresent(l -> new RunStore(l, new Configuration()).checkPath());
        Optional<PlayingPolicy> playing = resolve(layout);
        boolean atari = "atari".equals(named.family());
        int frameSkip = collect.environment().frameSkip();
        double stepsPerSecond = speed != null ? speed : atari ? 60.0 / frameSkip : 8;
        int pixels = scale != null ? scale : atari ? 3 : 40;

        SparkSession spark = layout.isPresent()
                ? SparkSessions.create("dqn play " + run, settings.getString("dqn.spark.master")) : null;
        try (Environment environment = named.open(collect.environment(), collect.seed());
             RunLock lock = layout.isPresent() ? RunLock.acquire(layout.get(), "dqn play", waitForWriter) : null) {
            playing.ifPresent(p -> p.checkPlays(named, environment, false));
            Optional<EpisodeWriter> writer = Optional.empty();
            if (layout.isPresent()) {
                RunStore runStore = new RunStore(layout.get(), spark.sparkContext().hadoopConfiguration());
                writer = Optional.of(new EpisodeWriter(spark, runStore, named, environment.actionCount(),
                        environment.frameShape()));
                runStore.recoverInterruptedCommits().forEach(line -> System.out.println("play: " + line));
            }
            String session = String.format("# dqn play session started %s: %s (%s), policy %s%n", Instant.now(),
                    named.name(), named.source(), policy);
            System.out.printf("play: %s (%s), policy %s, %.4g agent steps/s%s%s%n", named.name(), named.source(),
                    policy, stepsPerSecond, stepMode ? " (step mode: Enter plays a step)" : "",
                    layout.map(l -> ", recording into run " + l.run() + " of " + l.store()).orElse(", not recording"));
            PlayGame.Played played = PlayGame.play(new PlayGame.Request(named, environment, playing, epsilon,
                    collect.seed(), collect.historyLength(), writer, layout.map(RunLayout::run).orElse("play"),
                    session + settings.render(), pixels, stepsPerSecond, stepMode), System.out);
            System.out.printf("play: %,d agent steps played, %d episodes recorded%n", played.agentSteps(),
                    played.episodesCommitted());
        } finally {
            if (spark != null) {
                spark.stop();
            }
        }
        return 0;
    }

    /** The --policy: empty for human, else resolved against the run (latest becomes the epoch it names now). */
    private Optional<PlayingPolicy> resolve(Optional<RunLayout> layout) {
        if (HUMAN.equals(policy)) {
            return Optional.empty();
        }
        if (PlayingPolicy.RANDOM_NAME.equals(policy)) {
            return Optional.of(new PlayingPolicy.Random());
        }
        if (layout.isEmpty() && !policy.endsWith(".zip")) {
            throw new UserError("--policy " + policy + " names a snapshot of a run: give --store and --run, or a"
                    + " snapshot .zip.");
        }
        RunLayout where = layout.orElse(RunLayout.of(".", "play"));
        return Optional.of(PlayingPolicy.resolveSnapshot(policy, new RunStore(where, new Configuration())));
    }
}
