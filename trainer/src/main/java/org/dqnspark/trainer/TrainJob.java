package org.dqnspark.trainer;

import static org.apache.spark.sql.functions.col;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.dqnspark.core.Seeds;
import org.dqnspark.core.UserError;
import org.dqnspark.core.network.CenteredRmsProp;
import org.dqnspark.core.network.QNetworks;
import org.dqnspark.core.network.StateShape;
import org.dqnspark.core.spark.PausePoints;
import org.dqnspark.core.spark.TaskThreads;
import org.dqnspark.core.store.EpisodeTable;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.core.store.SnapshotStore;
import org.dqnspark.core.store.SnapshotStore.Snapshot;
import org.dqnspark.core.store.SnapshotStore.SnapshotCounters;
import org.dqnspark.core.store.TrainingTable;
import org.dqnspark.trainer.replay.ReplayBuffer;
import org.dqnspark.trainer.replay.ReplayWindow;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The train job: loads the run's replay window, then repeats rounds of one target-network period:
 * the frozen target network is broadcast, executors sample minibatches and compute TD targets, and
 * the online network is fitted through DL4J's Spark module (a parameter-averaging TrainingMaster with
 * one worker, so updates are sequential as in DQN). After every epoch, and at the end, a snapshot and a
 * row of the {@code training} table. Resumes from the newest snapshot, counters and optimizer state
 * included.
 */
public final class TrainJob {
    private final SparkSession spark;
    private final PrintStream out;

    public TrainJob(SparkSession spark, PrintStream out) {
        this.spark = spark;
        this.out = out;
    }

    public TrainReport run(TrainRequest request) {
        TrainSettings s = request.settings();
        RunStore store = new RunStore(request.run(), spark.sparkContext().hadoopConfiguration());
        RunStore.GameRecord game = store.game().orElseThrow(() -> new UserError("Run '" + request.run().run()
                + "' in " + request.run().store() + " has no data yet. Collect first: dqn collect --run "
                + request.run().run() + " ..."));
        int actions = game.actions();
        StateShape shape = new StateShape(game.frameShape(), s.historyLength());
        SnapshotStore snapshots = new SnapshotStore(store);
        store.discardStaging();

        int partitions = spark.sparkContext().defaultParallelism();
        out.printf("train: run %s, loading the newest %,d transitions into %d replay partitions%n",
                request.run().run(), s.replaySize(), partitions);
        ReplayWindow window = ReplayWindow.load(spark, request.run(), s.replaySize(), game.frameShape().bytes(),
                s.historyLength(), partitions);
        long agentSteps = window.storeSize();
        List<Integer> bufferSizes = window.buffers().map(ReplayBuffer::validCount).collect();
        out.printf("train: replay window of %,d transitions (%,d valid states), newest iteration %d%n",
                window.size(), bufferSizes.stream().mapToLong(Integer::longValue).sum(), window.newestIteration());

        Learner learner = resume(snapshots, s, shape, actions);
        HeldOutStates heldOut = HeldOutStates.loadOrDraw(store, window, s, shape);
        EpochStats gameStats = EpochStats.of(spark, request.run(), window.newestIteration());

        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(1, s.batchSize())
                .batchSizePerWorker(s.batchSize())
                .averagingFrequency(s.updatesPerFit())
                .workerPrefetchNumBatches(0)
                .saveUpdater(true)
                .repartionData(Repartition.Never)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .storageLevel(null)
                .rngSeed(s.seed())
                .build();
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(jsc, learner.online, master);

        long start = System.nanoTime();
        double lossSum = 0;
        long done = 0;
        int firstEpoch = learner.epoch + 1;
        Broadcast<NetworkBroadcast> target = jsc.broadcast(learner.targetBroadcast());
        EpochClock epochClock = new EpochClock(learner.totalSeconds);
        double epochLoss = 0;
        long epochUpdates = 0;
        double meanQ = heldOut.meanMaxQ(learner.online);
        while (done < request.updates()) {
            // A round starts every target-update-period updates: the target network becomes a copy of the online one.
            if (learner.updates % s.targetUpdatePeriod() == 0 && learner.targetCopiedAt != learner.updates) {
                learner.refreshTarget();
                target.destroy();
                target = jsc.broadcast(learner.targetBroadcast());
            }
            long untilTarget = s.targetUpdatePeriod() - learner.updates % s.targetUpdatePeriod();
            long untilEpoch = s.updatesPerEpoch() - epochUpdates;
            int k = (int) Math.min(Math.min(s.updatesPerFit(), request.updates() - done), Math.min(untilTarget, untilEpoch));
            double loss = fit(jsc, sparkNet, window, bufferSizes, target, learner, s, shape, actions, k);
            if (!Double.isFinite(loss)) {
                throw new TrainingDiverged("Training diverged at update " + (learner.updates + k) + ": the loss is " + loss
                        + ". The newest good snapshot is " + snapshots.latestEpoch().map(e -> snapshots.path(e).toString())
                        .orElse("none") + " and stays the run's latest; lower dqn.train.learning-rate or check the data.");
            }
            learner.online = sparkNet.getNetwork();
            learner.updates += k;
            done += k;
            epochUpdates += k;
            lossSum += loss * k;
            epochLoss += loss * k;
            meanQ = heldOut.meanMaxQ(learner.online);
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf("train: update %,d/%,d (%.0f%%), %.1f updates/s, loss %.4f, meanq %.4f%n", done,
                    request.updates(), 100.0 * done / request.updates(), done / seconds, loss, meanQ);
            PausePoints.reach(PausePoints.TRAIN_UPDATES, done);
            if (epochUpdates == s.updatesPerEpoch() || done == request.updates()) {
                learner.epoch++;
                double epochSeconds = epochClock.lap();
                learner.totalSeconds = epochClock.total();
                SnapshotCounters counters = new SnapshotCounters(learner.epoch, learner.updates, agentSteps,
                        window.epsilon(), learner.targetCopiedAt, learner.totalSeconds);
                snapshots.write(learner.epoch, learner.online, learner.target.params(), request.resolved().render(),
                        counters);
                writeTrainingRow(store, new TrainingTable.EpochRow(request.run().run(), learner.epoch,
                        SnapshotStore.epochName(learner.epoch), agentSteps, gameStats.games, gameStats.average,
                        gameStats.min, gameStats.max, window.epsilon(), learner.updates, window.size(), meanQ,
                        epochLoss / epochUpdates, epochUpdates, learner.totalSeconds, epochSeconds));
                out.printf("train: epoch %d: snapshot %s, %,d updates in all, meancost %.4f, meanq %.4f%n",
                        learner.epoch, snapshots.path(learner.epoch), learner.updates, epochLoss / epochUpdates, meanQ);
                epochLoss = 0;
                epochUpdates = 0;
            }
        }
        target.destroy();
        window.release();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new TrainReport(firstEpoch, learner.epoch, done, learner.updates, lossSum / Math.max(1, done), meanQ,
                seconds);
    }

    /** k updates through DL4J's Spark fit; returns the mean loss DL4J reports. */
    private static double fit(JavaSparkContext jsc, SparkDl4jMultiLayer sparkNet, ReplayWindow window,
                              List<Integer> bufferSizes, Broadcast<NetworkBroadcast> target, Learner learner,
                              TrainSettings s, StateShape shape, int actions, int k) {
        // Uniform over the whole window: each minibatch is drawn in one partition, chosen in proportion to
        // its valid states (a multinomial split of the k minibatches).
        long draw = Seeds.derive(s.seed(), learner.updates);
        int[] perPartition = split(k, bufferSizes, new SplittableRandom(draw));
        Broadcast<NetworkBroadcast> online = s.doubleDqn() ? jsc.broadcast(new NetworkBroadcast(learner.online)) : null;
        JavaRDD<DataSet> batches = window.buffers().mapPartitionsWithIndex((Integer p, Iterator<ReplayBuffer> it) -> {
            ReplayBuffer buffer = it.next();
            TaskThreads.useTaskCores(); // the target network's forwards, one task per partition at once
            MinibatchSampler sampler = new MinibatchSampler(buffer, target.value().build(),
                    online == null ? null : online.value().build(), s, shape, actions, Seeds.derive(draw, p));
            List<DataSet> out = new ArrayList<>(perPartition[p]);
            for (int i = 0; i < perPartition[p]; i++) {
                out.add(sampler.next());
            }
            return out.iterator();
        }, true).persist(StorageLevel.MEMORY_ONLY());
        batches.count(); // samples and computes targets on every partition in parallel
        // One worker: the k updates are sequential, as in DQN, on all the executor's cores.
        sparkNet.fit(TaskThreads.withExecutorCores(batches.coalesce(1)));
        batches.unpersist(false);
        if (online != null) {
            online.destroy();
        }
        return sparkNet.getScore();
    }

    static int[] split(int k, List<Integer> weights, SplittableRandom random) {
        long total = weights.stream().mapToLong(Integer::longValue).sum();
        if (total == 0) {
            throw new UserError("The replay window has no valid state to train on; collect more steps.");
        }
        int[] counts = new int[weights.size()];
        for (int i = 0; i < k; i++) {
            long r = random.nextLong(total);
            int p = 0;
            while (r >= weights.get(p)) {
                r -= weights.get(p);
                p++;
            }
            counts[p]++;
        }
        return counts;
    }

    private Learner resume(SnapshotStore snapshots, TrainSettings s, StateShape shape, int actions) {
        return snapshots.latestEpoch().map(epoch -> {
            Snapshot snapshot = snapshots.read(epoch);
            applyOptimizerSettings(snapshot.network(), s, snapshots.path(epoch).toString());
            MultiLayerNetwork target = snapshot.network().clone();
            target.setParams(snapshot.targetParameters());
            out.printf("train: resuming from %s (epoch %d, %,d updates)%n", snapshots.path(epoch), epoch,
                    snapshot.counters().updates());
            return new Learner(snapshot.network(), target, epoch, snapshot.counters().updates(),
                    snapshot.counters().targetCopiedAt(), snapshot.counters().trainSeconds());
        }).orElseGet(() -> {
            MultiLayerNetwork online = QNetworks.create(QNetworks.of(s.architecture(), shape, actions, s.optimizer(),
                    s.sumGradients(), s.networkSeed()));
            out.printf("train: new %s network, %,d parameters, %d actions, input %d x %d x %d%n", s.architecture(),
                    online.numParams(), actions, shape.channels(), shape.frame().height(), shape.frame().width());
            return new Learner(online, online.clone(), 0, 0, 0, 0);
        });
    }

    /**
     * The settings are the one home of hyperparameters, also for a resumed network: its learning rate is
     * set from them (the optimizer's state carries over). The RMSProp constants define that state's
     * meaning, so changing them mid-run is refused.
     */
    private void applyOptimizerSettings(MultiLayerNetwork network, TrainSettings s, String snapshot) {
        CenteredRmsProp saved = (CenteredRmsProp) ((org.deeplearning4j.nn.conf.layers.BaseLayer) network
                .getLayerWiseConfigurations().getConf(0).getLayer()).getIUpdater();
        CenteredRmsProp wanted = s.optimizer();
        if (saved.getGradientMomentum() != wanted.getGradientMomentum()
                || saved.getSquaredGradientMomentum() != wanted.getSquaredGradientMomentum()
                || saved.getEpsilon() != wanted.getEpsilon()) {
            throw new UserError("Snapshot " + snapshot + " was trained with centered RMSProp momenta "
                    + saved.getGradientMomentum() + "/" + saved.getSquaredGradientMomentum() + " and min squared gradient "
                    + saved.getEpsilon() + "; the settings now say " + wanted.getGradientMomentum() + "/"
                    + wanted.getSquaredGradientMomentum() + " and " + wanted.getEpsilon()
                    + ". Start a new run to change them (the learning rate may change on a resumed run).");
        }
        if (saved.getLearningRate() != wanted.getLearningRate()) {
            out.printf("train: learning rate %s (the snapshot had %s)%n", wanted.getLearningRate(),
                    saved.getLearningRate());
            network.setLearningRate(wanted.getLearningRate());
        }
    }

    private void writeTrainingRow(RunStore store, TrainingTable.EpochRow row) {
        Path staged = new Path(store.newStagingDir(), "training");
        spark.createDataFrame(List.of(row.toFileRow()), TrainingTable.FILE_SCHEMA).coalesce(1).write()
                .mode(SaveMode.ErrorIfExists).parquet(store.qualified(staged).toString());
        store.rename(staged, store.layout().training(row.epoch()));
        store.discardStaging();
    }

    /** The online and target networks and the run's counters. */
    private static final class Learner {
        MultiLayerNetwork online;
        MultiLayerNetwork target;
        int epoch;
        long updates;
        double totalSeconds;
        /** The update count at which the target network was last copied from the online one. */
        long targetCopiedAt;

        Learner(MultiLayerNetwork online, MultiLayerNetwork target, int epoch, long updates, long targetCopiedAt,
                double totalSeconds) {
            this.online = online;
            this.target = target;
            this.epoch = epoch;
            this.updates = updates;
            this.targetCopiedAt = targetCopiedAt;
            this.totalSeconds = totalSeconds;
        }

        void refreshTarget() {
            target = online.clone();
            targetCopiedAt = updates;
        }

        NetworkBroadcast targetBroadcast() {
            return new NetworkBroadcast(target);
        }
    }

    /** Wall time per epoch, and over the run. */
    private static final class EpochClock {
        private final double before;
        private final long start = System.nanoTime();
        private long lapStart = start;

        EpochClock(double before) {
            this.before = before;
        }

        double lap() {
            long now = System.nanoTime();
            double seconds = (now - lapStart) / 1e9;
            lapStart = now;
            return seconds;
        }

        double total() {
            return before + (lapStart - start) / 1e9;
        }
    }

    /** Game statistics of the newest collect iteration in the window. */
    private record EpochStats(long games, Double average, Double min, Double max) {
        static EpochStats of(SparkSession spark, org.dqnspark.core.store.RunLayout run, int iteration) {
            Row r = spark.read().parquet(run.episodes().toString())
                    .where(col("iteration").equalTo(iteration))
                    .agg(org.apache.spark.sql.functions.count("*"),
                            org.apache.spark.sql.functions.avg(EpisodeTable.EPISODE_RETURN),
                            org.apache.spark.sql.functions.min(EpisodeTable.EPISODE_RETURN),
                            org.apache.spark.sql.functions.max(EpisodeTable.EPISODE_RETURN))
                    .first();
            return new EpochStats(r.getLong(0), r.isNullAt(1) ? null : r.getDouble(1),
                    r.isNullAt(2) ? null : r.getDouble(2), r.isNullAt(3) ? null : r.getDouble(3));
        }
    }
}
