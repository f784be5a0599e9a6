package org.dqnspark.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.dqnspark.collector.CollectJob;
import org.dqnspark.collector.CollectRequest;
import org.dqnspark.collector.CollectSettings;
import org.dqnspark.core.UserError;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.Game;
import org.dqnspark.core.env.Games;
import org.dqnspark.core.learning.ClippedTdLoss;
import org.dqnspark.core.learning.DemonstrationLoss;
import org.dqnspark.core.network.QNetworks;
import org.dqnspark.core.network.StateInput;
import org.dqnspark.core.network.StateShape;
import org.dqnspark.core.policy.PlayingPolicy;
import org.dqnspark.core.spark.SparkSessions;
import org.dqnspark.core.store.GameRecord;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.core.store.SnapshotStore;
import org.dqnspark.core.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * The train job end to end on MinAtar Breakout transitions (built in, no ROM) with MinAtar's network
 * (conf/minatar.conf), real local[2] Spark, real DL4J.
 */
class TrainJobTest {
    @TempDir
    static Path store;

    private static final String RUN = "learn";
    private static final Game GAME = Games.builtIn("minatar:breakout");
    /** The collected run's agent steps. */
    private static final long COLLECTED = 5000;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    /** conf/minatar.conf and {@code sets}: MinAtar's network, one frame per state; tests run in trainer/. */
    private static Settings settings(String... sets) {
        return Settings.load(Path.of("..", "conf", "minatar.conf"), List.of(sets));
    }

    @BeforeAll
    static void collectBreakout() {
        Settings settings = settings("dqn.collect.agent-steps=" + COLLECTED, "dqn.collect.actors=2");
        new CollectJob(TestSpark.session(), new PrintStream(new ByteArrayOutputStream())).run(new CollectRequest(
                GAME, RunLayout.of(store.toString(), RUN), new PlayingPolicy.Random(),
                CollectSettings.from(settings), settings));
    }

    private static Settings trainSettings(String... sets) {
        List<String> overrides = new ArrayList<>(List.of("dqn.train.held-out-states=64"));
        overrides.addAll(List.of(sets));
        return settings(overrides.toArray(String[]::new));
    }

    private TrainReport train(String run, long updates, String... sets) {
        return train(TestSpark.session(), run, updates, sets);
    }

    private TrainReport train(SparkSession spark, String run, long updates, String... sets) {
        Settings settings = trainSettings(sets);
        return new TrainJob(spark, new PrintStream(printed, true)).run(new TrainRequest(
                RunLayout.of(store.toString(), run), updates, TrainSettings.from(settings), settings));
    }

    /** The run's recorded game: its action count and frame shape. */
    private static GameRecord game(String run) {
        return new RunStore(RunLayout.of(store.toString(), run), new Configuration()).game().orElseThrow();
    }

    private static RunStore runStore(String run) {
        return new RunStore(RunLayout.of(store.toString(), run), new Configuration());
    }

    private static SnapshotStore snapshots(String run) {
        return new SnapshotStore(runStore(run));
    }

    /** A copy of the collected run, so each test trains from no snapshot. */
    private static String copyOfRun(String name) throws Exception {
        Path from = store.resolve(RUN);
        Path to = store.resolve(name);
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                String relative = from.relativize(p).toString();
                if (relative.startsWith("snapshots") || relative.startsWith("training")
                        || relative.startsWith("heldout") || relative.startsWith(".heldout")) {
                    continue;
                }
                Path target = to.resolve(relative);
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return name;
    }

    @Test
    void twoHundredUpdatesLeaveASnapshotThatGivesQValuesAndATrainingRow() {
        TrainReport report = train(RUN, 200, "dqn.train.updates-per-fit=100");
        assertEquals(200, report.updates());
        assertEquals(1, report.lastEpoch());
        assertTrue(Double.isFinite(report.meanLoss()) && Double.isFinite(report.meanQ()));

        SnapshotStore.Snapshot snapshot = snapshots(RUN).read(1);
        assertEquals(200, snapshot.counters().updates());
        assertEquals(COLLECTED, snapshot.counters().agentSteps());
        assertEquals(1.0, snapshot.counters().epsilon(), 1e-9);
        StateShape state = new StateShape(game(RUN).frameShape(), TrainSettings.from(trainSettings()).historyLength());
        INDArray q = snapshot.network().output(state.input(new byte[2 * state.bytes()], 2,
                StateInput.formatOf(snapshot.network())));
        assertArrayEquals(new long[] {2, game(RUN).actions()}, q.shape());
        assertTrue(snapshot.settings().contains("replay-size"));

        Row row = TestSpark.session().sql("SELECT * FROM parquet.`" + store.resolve(RUN + "/training")
                + "` WHERE epoch = 1").first();
        assertEquals(200L, row.<Long>getAs("updates"));
        assertEquals(200L, row.<Long>getAs("total_updates"));
        assertEquals(COLLECTED, row.<Long>getAs("replay_memory_count"));
        assertEquals("epoch-1", row.getAs("snapshot"));
        assertTrue(row.<Long>getAs("nr_games") > 0);
        assertTrue(printed.toString().contains("updates/s"), printed.toString());

        // Trained on random play: the held-out Q-values move away from the initial network's.
        assertNotEquals(0.0, row.<Double>getAs("meanq"));
    }

    @Test
    void theTargetNetworkStaysFrozenWithinARoundAndIsCopiedBetweenRounds() throws Exception {
        String run = copyOfRun("rounds");
        // Period 10, epoch 10: epoch 1 ends a round, epoch 2 the next.
        String[] sets = {"dqn.train.target-update-period=10", "dqn.train.updates-per-epoch=10",
            "dqn.train.updates-per-fit=5"};
        train(run, 20, sets);
        SnapshotStore.Snapshot first = snapshots(run).read(1);
        SnapshotStore.Snapshot second = snapshots(run).read(2);
        // The network the job starts from: the run's settings' architecture and seed, for the run's game.
        TrainSettings s = TrainSettings.from(trainSettings(sets));
        INDArray initial = QNetworks.create(QNetworks.of(s.architecture(), new StateShape(game(run).frameShape(),
                s.historyLength()), game(run).actions(), s.optimizer(), s.sumGradients(), s.tdErrorClip(),
                s.networkSeed())).params();
        assertEquals(initial, first.targetParameters(), "10 updates in: the target is still the initial network");
        assertNotEquals(initial, first.network().params(), "while the online network moved");
        assertEquals(first.network().params(), second.targetParameters(),
                "the second round's target is the online network as the first round ended");
        assertEquals(10, second.counters().targetCopiedAt());
    }

    @Test
    void aSecondJobResumesFromTheNewestSnapshotWithItsCounters() throws Exception {
        String run = copyOfRun("resume");
        train(run, 10, "dqn.train.updates-per-fit=10");
        TrainReport again = train(run, 10, "dqn.train.updates-per-fit=10");
        assertEquals(2, again.lastEpoch());
        assertEquals(20, again.totalUpdates());
        assertTrue(printed.toString().contains("resuming from"), printed.toString());
        assertEquals(2, TestSpark.session().read().parquet(store.resolve(run + "/training").toString()).count());
    }

    @Test
    void aDivergingLossStopsTheJobAndKeepsTheLastGoodSnapshot() throws Exception {
        String run = copyOfRun("diverge");
        train(run, 5, "dqn.train.updates-per-fit=5");
        TrainingDiverged e = assertThrows(TrainingDiverged.class,
                () -> train(run, 20, "dqn.train.updates-per-fit=2", "dqn.train.learning-rate=1e38"));
        assertTrue(e.getMessage().contains("diverged"), e.getMessage());
        assertEquals(List.of(1), snapshots(run).epochs(), "no snapshot of the diverged network");
    }

    @Test
    void theCollectorPlaysTheLatestSnapshotEpsilonGreedily() throws Exception {
        String run = copyOfRun("play");
        train(run, 4, "dqn.train.updates-per-fit=4");
        Settings settings = settings("dqn.collect.agent-steps=300", "dqn.collect.actors=2",
                "dqn.exploration.initial=0.05", "dqn.exploration.final=0.05");
        new CollectJob(TestSpark.session(), new PrintStream(printed, true)).run(new CollectRequest(GAME,
                RunLayout.of(store.toString(), run), PlayingPolicy.resolve(PlayingPolicy.LATEST_NAME, runStore(run)),
                CollectSettings.from(settings), settings));
        Row played = TestSpark.session().read().parquet(store.resolve(run + "/transitions").toString())
                .where("iteration = 1").selectExpr("count(*)", "min(source)", "max(source)", "min(policy_snapshot)",
                        "max(policy_snapshot)", "avg(epsilon)").first();
        assertEquals(300L, played.getLong(0));
        assertEquals("agent", played.getString(1));
        assertEquals("agent", played.getString(2));
        assertEquals("epoch-1", played.getString(3));
        assertEquals("epoch-1", played.getString(4));
        assertEquals(0.05, played.getDouble(5), 1e-6);
    }

    @Test
    void withoutAFixedRateTheCollectorExploresAtNaturesScheduleForTheRunsAgentSteps() throws Exception {
        String run = copyOfRun("schedule");
        train(run, 4, "dqn.train.updates-per-fit=4");
        // Halfway through the annealing: 1.0 -> 0.0 over twice the run's agent steps.
        Settings settings = settings("dqn.collect.agent-steps=100", "dqn.collect.actors=2",
                "dqn.exploration.initial=1.0", "dqn.exploration.final=0.0",
                "dqn.exploration.final-agent-step=" + 2 * COLLECTED);
        new CollectJob(TestSpark.session(), new PrintStream(printed, true)).run(new CollectRequest(GAME,
                RunLayout.of(store.toString(), run), PlayingPolicy.resolve(PlayingPolicy.LATEST_NAME, runStore(run)),
                CollectSettings.from(settings), settings));
        Row played = TestSpark.session().read().parquet(store.resolve(run + "/transitions").toString())
                .where("iteration = 1").selectExpr("min(epsilon)", "max(epsilon)", "min(source)").first();
        assertEquals(0.5, played.getFloat(0), 1e-6);
        assertEquals(0.5, played.getFloat(1), 1e-6);
        assertEquals("agent", played.getString(2));
    }

    /** {@code more} after epochs of 100 updates, fits of 50 and a target copy every 100 updates. */
    private static String[] epochsOf100(String... more) {
        List<String> sets = new ArrayList<>(List.of("dqn.train.updates-per-epoch=100", "dqn.train.updates-per-fit=50",
                "dqn.train.target-update-period=100"));
        sets.addAll(List.of(more));
        return sets.toArray(String[]::new);
    }

    /**
     * Epoch {@code epoch}'s snapshot files of runs {@code a} and {@code b}, entry by entry (DL4J's configuration,
     * parameters and centered RMSProp state, the target network's parameters, the settings, the counters): the
     * same bytes, but for the counters' train_seconds, which a clock decides.
     */
    private static void assertSameSnapshot(String a, String b, int epoch) throws Exception {
        Map<String, String> entries = snapshotEntries(a, epoch);
        assertTrue(entries.keySet().containsAll(List.of("coefficients.bin", "updaterState.bin",
                SnapshotStore.TARGET_ENTRY)), entries.keySet().toString());
        assertEquals(entries, snapshotEntries(b, epoch), a + " and " + b + ", epoch " + epoch);
    }

    /** A snapshot zip's entries as hex, the counters as text without train_seconds' value. */
    private static Map<String, String> snapshotEntries(String run, int epoch) throws Exception {
        Map<String, String> entries = new TreeMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(store.resolve(run + "/snapshots/" + epoch
                + ".zip")))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                byte[] bytes = zip.readAllBytes();
                entries.put(entry.getName(), entry.getName().equals(SnapshotStore.COUNTERS_ENTRY)
                        ? new String(bytes, StandardCharsets.UTF_8).replaceAll("train_seconds=.*", "train_seconds=")
                        : HexFormat.of().formatHex(bytes));
            }
        }
        return entries;
    }

    /** The run's training rows without its name and the three columns a clock decides. */
    private static List<Row> trainingRows(String run) {
        return TestSpark.session().read().parquet(store.resolve(run + "/training").toString())
                .drop("run", "total_time", "epoch_time", "updates_per_second").orderBy("epoch").collectAsList();
    }

    @Test
    void onLocalOneTwoJobsOfTheSameSeedWriteIdenticalSnapshotsAndResumingChangesNothing() throws Exception {
        // The shared local[2] session stops for one of one core; the next test starts the shared one again.
        TestSpark.session().stop();
        SparkSession oneCore = SparkSessions.create("dqn-spark tests, one core", "local[1]");
        try {
            assertEquals(1, oneCore.sparkContext().defaultParallelism(), "one replay partition, the fit on one thread");
            train(oneCore, copyOfRun("one-core-a"), 300, epochsOf100());
            train(oneCore, copyOfRun("one-core-b"), 300, epochsOf100());
            String resumed = copyOfRun("one-core-resumed");
            for (int job = 0; job < 3; job++) {
                train(oneCore, resumed, 100, epochsOf100());
            }
            train(oneCore, copyOfRun("one-core-seed-2"), 100, epochsOf100("dqn.train.seed=2"));
        } finally {
            oneCore.stop();
        }
        for (String other : List.of("one-core-b", "one-core-resumed")) {
            for (int epoch = 1; epoch <= 3; epoch++) {
                assertSameSnapshot("one-core-a", other, epoch);
            }
            assertEquals(trainingRows("one-core-a"), trainingRows(other), other);
        }
        assertEquals(3, trainingRows("one-core-a").size());
        assertNotEquals(snapshotEntries("one-core-a", 1).get("coefficients.bin"),
                snapshotEntries("one-core-seed-2", 1).get("coefficients.bin"), "another minibatch seed");
    }

    @Test
    void onLocalTwoTwoJobsOfTheSameSeedWriteIdenticalSnapshotsToo() throws Exception {
        // Two replay partitions sampling at once, the fit on two threads.
        train(copyOfRun("two-cores-a"), 200, epochsOf100());
        train(copyOfRun("two-cores-b"), 200, epochsOf100());
        for (int epoch = 1; epoch <= 2; epoch++) {
            assertSameSnapshot("two-cores-a", "two-cores-b", epoch);
        }
        assertEquals(trainingRows("two-cores-a"), trainingRows("two-cores-b"));
    }

    @Test
    void preTrainingARunWithoutDemonstrationsIsABadInputThatWritesNothing() throws Exception {
        String run = copyOfRun("no-demonstrations");
        Settings settings = trainSettings();
        UserError e = assertThrows(UserError.class, () -> new TrainJob(TestSpark.session(), new PrintStream(printed,
                true)).run(new TrainRequest(RunLayout.of(store.toString(), run), 5, TrainSettings.from(settings),
                settings, true)));
        assertTrue(e.getMessage().contains("holds no demonstrations (transitions with source = human)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("dqn import"), e.getMessage());
        assertFalse(Files.exists(store.resolve(run + "/snapshots")));
    }

    /**
     * The run's settings decide the loss at every job: a snapshot trained with DQN's loss goes on with DQfD's
     * (and its L2 on the weights), and back, without losing its optimizer state or counters.
     */
    @Test
    void aSnapshotGoesOnFromDqnsLossToDqfdsAndBack() throws Exception {
        String run = copyOfRun("dqn-then-dqfd");
        train(run, 5);
        assertLoss(run, 1, ClippedTdLoss.class, 0);
        train(run, 5, "dqn.demonstrations.enabled=true", "dqn.demonstrations.l2=0.001");
        assertLoss(run, 2, DemonstrationLoss.class, 0.001);
        assertEquals(10, snapshots(run).read(2).counters().updates());
        train(run, 5);
        assertLoss(run, 3, ClippedTdLoss.class, 0);
        List<Row> rows = TestSpark.session().read().parquet(store.resolve(run + "/training").toString())
                .orderBy("epoch").select("phase", "demonstration_agreement").collectAsList();
        assertEquals(List.of("train", "train", "train"), rows.stream().map(r -> r.getString(0)).toList());
        // The run holds no demonstration: nothing to agree with.
        assertTrue(rows.stream().allMatch(r -> r.isNullAt(1)));
    }

    private static void assertLoss(String run, int epoch, Class<?> loss, double l2) {
        MultiLayerConfiguration conf = snapshots(run).read(epoch).network().getLayerWiseConfigurations();
        assertEquals(loss, ((BaseOutputLayer) conf.getConf(conf.getConfs().size() - 1).getLayer()).getLossFn()
                .getClass());
        for (NeuralNetConfiguration layer : conf.getConfs()) {
            List<Regularization> regularization = ((BaseLayer) layer.getLayer()).getRegularization();
            assertEquals(l2 == 0 ? List.of() : List.of(new L2Regularization(l2)), regularization);
        }
    }

    @Test
    void aRunWithoutDataIsABadInput() {
        UserError e = assertThrows(UserError.class, () -> train("empty", 5));
        assertTrue(e.getMessage().contains("has no data yet"), e.getMessage());
        assertFalse(Files.exists(store.resolve("empty/snapshots")));
    }
}
