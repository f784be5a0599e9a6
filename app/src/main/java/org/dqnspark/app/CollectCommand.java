package org.dqnspark.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.collector.CollectJob;
import org.dqnspark.collector.CollectRequest;
import org.dqnspark.collector.CollectSettings;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.Game;
import org.dqnspark.core.policy.PlayingPolicy;
import org.dqnspark.core.spark.SparkSessions;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.store.RunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dqn collect}: play a game with a policy and append one iteration of transitions to a run. */
@Command(name = "collect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Plays a game with K actors (Spark tasks) and appends one iteration of transitions and"
                + " episodes to the run's Parquet tables.",
                "Flags left out take their value from the settings (conf/reference.conf, --conf, --set)."})
public final class CollectCommand implements Callable<Integer> {
    @Mixin
    GameOptions game;

    @Option(names = "--agent-steps", paramLabel = "N",
            description = "Agent steps over all actors (dqn.collect.agent-steps).")
    Long agentSteps;

    /** The flag's old name, kept so that scripts keep working; it warns. */
    @Option(names = "--steps", paramLabel = "N", hidden = true)
    Long steps;

    @Option(names = "--actors", paramLabel = "K", description = "Parallel actors (dqn.collect.actors).")
    Integer actors;

    @Option(names = "--policy", paramLabel = "random|latest|SNAPSHOT", defaultValue = PlayingPolicy.RANDOM_NAME,
            description = "What plays: random, the run's latest snapshot, or a snapshot. Default: ${DEFAULT-VALUE}.")
    String policy;

    @Option(names = "--epsilon", paramLabel = "E", description = "A fixed exploration rate around a snapshot's"
            + " actions (sets dqn.exploration.initial and .final; default: Nature's schedule at the run's agent steps).")
    Double epsilon;

    @Option(names = "--seed", paramLabel = "S", description = "Base seed (dqn.collect.seed).")
    Long seed;

    @Mixin
    JobOptions job;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // Settings are checked before Spark starts; the policy is resolved before anything is written.
        List<String> flags = new ArrayList<>();
        if (steps != null) {
            spec.commandLine().getErr().println("dqn: warning: --steps is now --agent-steps; read as that.");
            agentSteps = agentSteps != null ? agentSteps : steps;
        }
        if (agentSteps != null) {
            flags.add("dqn.collect.agent-steps=" + agentSteps);
        }
        if (actors != null) {
            flags.add("dqn.collect.actors=" + actors);
        }
        if (epsilon != null) {
            flags.add("dqn.exploration.initial=" + epsilon);
            flags.add("dqn.exploration.final=" + epsilon);
        }
        if (seed != null) {
            flags.add("dqn.collect.seed=" + seed);
        }
        Game named = game.required();
        Settings settings = job.settings(flags, named);
        CollectSettings collect = CollectSettings.from(settings);
        RunLayout layout = job.layout();

        SparkSession spark = SparkSessions.create("dqn collect " + job.run, settings.getString("dqn.spark.master"));
        try {
            // Resolved before the job writes anything: latest becomes the epoch it names now.
            PlayingPolicy playing = PlayingPolicy.resolve(policy, new RunStore(layout,
                    spark.sparkContext().hadoopConfiguration()));
            try (RunLock lock = job.lockRun("dqn collect")) {
                new CollectJob(spark, System.out).run(new CollectRequest(named, layout, playing, collect, settings));
            }
        } finally {
            spark.stop();
        }
        return 0;
    }
}
