package org.dqnspark.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.core.UserError;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.Game;
import org.dqnspark.core.policy.PlayingPolicy;
import org.dqnspark.core.spark.SparkSessions;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.evaluator.EvaluateJob;
import org.dqnspark.evaluator.EvaluateRequest;
import org.dqnspark.evaluator.EvaluateSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dqn evaluate}: score a snapshot (or the random policy) under the Nature protocol. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Scores a snapshot over randomized games (Nature: 30 games, up to 30 no-ops, epsilon 0.05,"
                + " at most 5 minutes each) and appends one row per game to the run's evaluations table."})
public final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--snapshot", paramLabel = "latest|EPOCH|FILE", defaultValue = PlayingPolicy.LATEST_NAME,
            description = "The snapshot: the run's latest, an epoch number, or a snapshot .zip. Default: ${DEFAULT-VALUE}.")
    String snapshot;

    @Option(names = "--policy", paramLabel = "random",
            description = "random: score the uniform-random policy instead (the baseline of every Atari table).")
    String policy;

    @Option(names = "--games", paramLabel = "N", description = "Games (dqn.evaluate.games, 30).")
    Integer games;

    @Option(names = "--epsilon", paramLabel = "E", description = "Exploration rate (dqn.evaluate.epsilon, 0.05).")
    Double epsilon;

    @Option(names = "--seed", paramLabel = "S", description = "Base seed (dqn.evaluate.seed).")
    Long seed;

    @Mixin
    GameOptions game;

    @Option(names = "--force-rom", description = "Accept a ROM whose MD5 differs from the run's.")
    boolean forceRom;

    @Mixin
    JobOptions job;

    @Override
    public Integer call() {
        if (policy != null && !PlayingPolicy.RANDOM_NAME.equals(policy)) {
            throw new UserError("--policy takes only 'random'; name a snapshot with --snapshot.");
        }
        List<String> flags = new ArrayList<>();
        if (games != null) {
            flags.add("dqn.evaluate.games=" + games);
        }
        if (epsilon != null) {
            flags.add("dqn.evaluate.epsilon=" + epsilon);
        }
        if (seed != null) {
            flags.add("dqn.evaluate.seed=" + seed);
        }
        Optional<Game> named = game.optional();
        Settings settings = named.isPresent() ? job.settings(flags, named.get()) : job.settingsOfRun(flags);
        EvaluateSettings evaluate = EvaluateSettings.from(settings);
        RunLayout layout = job.layout();
        SparkSession spark = SparkSessions.create("dqn evaluate " + job.run, settings.getString("dqn.spark.master"));
        try {
            PlayingPolicy playing = policy != null ? new PlayingPolicy.Random() : PlayingPolicy.resolveSnapshot(
                    snapshot, new RunStore(layout, spark.sparkContext().hadoopConfiguration()));
            try (RunLock lock = job.lockRun("dqn evaluate")) {
                new EvaluateJob(spark, System.out).run(new EvaluateRequest(layout, playing, named, forceRom,
                        evaluate));
            }
        } finally {
            spark.stop();
        }
        return 0;
    }
}
