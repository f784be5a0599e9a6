package org.dqnspark.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.EnvironmentSettings;
import org.dqnspark.core.env.Game;
import org.dqnspark.core.env.Games;
import org.dqnspark.core.policy.PlayingPolicy;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.core.testing.TestSpark;
import org.dqnspark.evaluator.EvaluateJob;
import org.dqnspark.evaluator.EvaluateRequest;
import org.dqnspark.evaluator.EvaluateSettings;
import org.dqnspark.trainer.TrainJob;
import org.dqnspark.trainer.TrainRequest;
import org.dqnspark.trainer.TrainSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deep Q-learning from Demonstrations' pre-training works (Hester et al. 2018): a scripted expert plays MinAtar
 * Breakout, recorded through the path a person's play takes ({@code source = human}); the train job pre-trains
 * on those demonstrations alone; the evaluate job scores the snapshot under the evaluation protocol (30 games,
 * epsilon 0.05, sticky actions). It must reach half the expert's own score under that protocol, far above the
 * random policy's; with learning switched off (learning rate 1e-12) the same path must not.
 */
class LearningFromDemonstrationsTest {
    /**
     * Demonstrations: episodes of the expert, each capped (truncated) at this many agent steps (about 13,000 agent
     * steps in all; the expert loses the ball after about 130 steps on average under sticky actions). The
     * pre-training updates are conf/minatar-dqfd.conf's. -Ddqn.test.episodes and -Ddqn.test.sets="key=value ..."
     * try others.
     */
    private static final int EPISODES = Integer.getInteger("dqn.test.episodes", 100);
    private static final int MAX_EPISODE_STEPS = 500;
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());
    private static final Game BREAKOUT = Games.builtIn("minatar:breakout");

    @TempDir
    static Path store;
    private static double expertScore;
    private static double randomScore;

    /** conf/minatar-dqfd.conf (tests run in bench/, conf/ is beside it) and {@code sets}. */
    private static Settings dqfd(String... sets) {
        List<String> all = new ArrayList<>(List.of(System.getProperty("dqn.test.sets", "").split(" ")));
        all.removeIf(String::isBlank);
        all.addAll(List.of(sets));
        return Settings.load(Optional.of(Path.of("..", "conf", "minatar-dqfd.conf")), all,
                Optional.of(Games.MINATAR_FAMILY));
    }

    @BeforeAll
    static void scoreTheExpertAndTheRandomPolicy() {
        Settings settings = dqfd();
        EvaluateSettings evaluate = EvaluateSettings.from(settings);
        expertScore = ExpertDemonstrations.score(BREAKOUT, evaluate.environment(), evaluate.games(), evaluate.epsilon(),
                evaluate.seed());
        randomScore = ExpertDemonstrations.score(BREAKOUT, evaluate.environment(), evaluate.games(), 1.0,
                evaluate.seed());
        System.out.printf("expert %.2f, random %.2f (30 games, epsilon %.2f)%n", expertScore, randomScore,
                evaluate.epsilon());
    }

    /** Records the expert's demonstrations into {@code run}, pre-trains on them and returns the snapshot's score. */
    private static double pretrainAndEvaluate(String run, String... sets) {
        Settings settings = dqfd(sets);
        RunLayout layout = RunLayout.of(store.toString(), run);
        RunStore runStore = new RunStore(layout, TestSpark.session().sparkContext().hadoopConfiguration());
        ExpertDemonstrations.Recorded recorded = ExpertDemonstrations.record(TestSpark.session(), runStore, BREAKOUT,
                EnvironmentSettings.forTraining(settings), EPISODES, MAX_EPISODE_STEPS, 7);
        TrainSettings train = TrainSettings.from(settings);
        long updates = train.demonstrations().pretrainUpdates();
        new TrainJob(TestSpark.session(), QUIET).run(new TrainRequest(layout, updates, train, settings, true));
        double score = new EvaluateJob(TestSpark.session(), QUIET).run(new EvaluateRequest(layout,
                PlayingPolicy.resolveSnapshot("latest", runStore), Optional.of(BREAKOUT), false,
                EvaluateSettings.from(settings))).summary().mean();
        TestSpark.session().read().parquet(store.resolve(run + "/training").toString())
                .select("epoch", "phase", "meancost", "meanq", "demonstration_agreement").show();
        System.out.printf("%s: %d demonstration steps (mean episode score %.1f), %d pre-training updates: score %.2f"
                + " (expert %.2f, random %.2f)%n", run, recorded.agentSteps(), recorded.meanScore(), updates,
                score, expertScore, randomScore);
        return score;
    }

    @Test
    void preTrainingOnTheExpertsDemonstrationsReachesHalfItsScore() {
        double score = pretrainAndEvaluate("dqfd");
        assertTrue(expertScore > 10 * Math.max(randomScore, 0.3), "the expert " + expertScore + ", random "
                + randomScore);
        assertTrue(score >= 0.5 * expertScore, "pre-trained " + score + ", expert " + expertScore);
        assertTrue(score > 3 * Math.max(randomScore, 0.3), "pre-trained " + score + ", random " + randomScore);
        List<Row> training = TestSpark.session().read().parquet(store.resolve("dqfd/training").toString())
                .select("phase", "demonstration_agreement").collectAsList();
        assertEquals("pretrain", training.get(0).getString(0));
        assertTrue(training.get(0).getDouble(1) > 0.6, "greedy = human on " + training.get(0).getDouble(1));
    }

    @Test
    void withLearningSwitchedOffTheSamePathFallsShort() {
        double score = pretrainAndEvaluate("off", "dqn.train.learning-rate=1e-12");
        assertTrue(score < 0.5 * expertScore, "not learning scored " + score + ", expert " + expertScore);
    }
}
