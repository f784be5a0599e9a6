package org.dqnspark.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.EnvironmentSettings;
import org.dqnspark.core.env.Game;
import org.dqnspark.core.env.Games;
import org.dqnspark.core.spark.SparkSessions;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.evaluator.EvaluateSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The scripted MinAtar Breakout expert for bench/demonstrations.sh: records its demonstrations into a run
 * ({@code --store DIR --run NAME}), or only scores it under the evaluation protocol. Prints, as its last line,
 * {@code expert_score=<n> random_score=<n>} and with a run {@code demonstration_steps=<n>
 * demonstration_episode_score=<n>}. Run it as bin/dqn with DQN_MAIN=org.dqnspark.bench.ExpertDemonstrationsCommand.
 */
@Command(name = "expert-demonstrations", mixinStandardHelpOptions = true)
public final class ExpertDemonstrationsCommand implements Callable<Integer> {
    @Option(names = "--store", paramLabel = "DIR", description = "The store to record into (with --run).")
    String store;

    @Option(names = "--run", paramLabel = "NAME", description = "The run to record into.")
    String run;

    @Option(names = "--episodes", defaultValue = "100", description = "Episodes to record (default ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--max-steps", defaultValue = "500",
            description = "Agent steps an episode is capped at (default ${DEFAULT-VALUE}).")
    int maxSteps;

    @Option(names = "--conf", paramLabel = "FILE", description = "Settings (the evaluation protocol, sticky actions).")
    Path conf;

    @Override
    public Integer call() {
        Game game = Games.builtIn("minatar:breakout");
        Settings settings = Settings.load(Optional.ofNullable(conf), List.of(), Optional.of(game.family()));
        EvaluateSettings evaluate = EvaluateSettings.from(settings);
        String line = String.format("expert_score=%.2f random_score=%.2f",
                ExpertDemonstrations.score(game, evaluate.environment(), evaluate.games(), evaluate.epsilon(),
                        evaluate.seed()),
                ExpertDemonstrations.score(game, evaluate.environment(), evaluate.games(), 1.0, evaluate.seed()));
        if (store != null && run != null) {
            SparkSession spark = SparkSessions.create("expert demonstrations", "local[2]");
            try {
                ExpertDemonstrations.Recorded recorded = ExpertDemonstrations.record(spark,
                        new RunStore(RunLayout.of(store, run), spark.sparkContext().hadoopConfiguration()), game,
                        EnvironmentSettings.forTraining(settings), episodes, maxSteps, 7);
                System.out.printf("recorded %d episodes, %d agent steps, mean episode score %.1f as iteration %d of"
                        + " run %s%n", recorded.episodes(), recorded.agentSteps(), recorded.meanScore(),
                        recorded.iteration(), run);
                line += String.format(" demonstration_steps=%d demonstration_episode_score=%.1f", recorded.agentSteps(),
                        recorded.meanScore());
            } finally {
                spark.stop();
            }
        }
        System.out.println(line);
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ExpertDemonstrationsCommand()).execute(args));
    }
}
