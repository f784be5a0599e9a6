package org.dqnspark.trainer;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.core.Seeds;
import org.dqnspark.core.UserError;
import org.dqnspark.core.network.CenteredRmsProp;
import org.dqnspark.core.network.QNetworks;
import org.dqnspark.core.network.StateShape;
import org.dqnspark.core.spark.PausePoints;
import org.dqnspark.core.store.GameRecord;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.core.store.SnapshotStore;
import org.dqnspark.core.store.SnapshotStore.Snapshot;
import org.dqnspark.core.store.StoreFull;
import org.dqnspark.trainer.learner.Learner;
import org.dqnspark.trainer.learner.SparkFitter;
import org.dqnspark.trainer.replay.ReplayWindow;

/**
 * The train job: loads the run's replay window, resumes the learner from the newest snapshot (counters and
 * optimizer state included) or starts a new network, and has it step through the requested updates with
 * DL4J's Spark fit as its engine ({@link SparkFitter}). After every epoch, and at the end, a snapshot and a
 * row of the {@code training} table ({@link Epochs}).
 */
public final class TrainJob {
    private final SparkSession spark;
    private final PrintStream out;

    public TrainJob(SparkSession spark, PrintStream out) {
        this.spark = spark;
        this.out = out;
    }

    public TrainReport run(TrainRequest request) {
        RunStore store = new RunStore(request.run(), spark.sparkContext().hadoopConfiguration());
        try {
            return resumeAndTrain(request, store);
        } catch (Exception e) {
            StoreFull.throwIfOutOfSpace(e, store, "training", () -> "the snapshot it was writing was not committed;"
                    + " the run's newest snapshot is "
                    + new SnapshotStore(store).latestEpoch().map(SnapshotStore::epochName).orElse("none"));
            throw e;
        }
    }

    private TrainReport resumeAndTrain(TrainRequest request, RunStore store) {
        TrainSettings s = request.pretraining()
                ? request.settings().with(request.settings().demonstrations().pretraining()) : request.settings();
        GameRecord game = store.game().orElseThrow(() -> new UserError("Run '" + request.run().run()
                + "' in " + request.run().store() + " has no data yet. Collect first: dqn collect --run "
                + request.run().run() + " ..."));
        StateShape shape = new StateShape(game.frameShape(), s.historyLength());
        store.recoverInterruptedCommits().forEach(line -> out.println("train: " + line));

        int partitions = spark.sparkContext().defaultParallelism();
        boolean demonstrations = s.demonstrations().enabled();
        out.printf("train: run %s, loading the newest %,d transitions%s into %d replay partitions%n",
                request.run().run(), s.replaySize(), demonstrations ? " and every demonstration" : "", partitions);
        ReplayWindow window = ReplayWindow.load(spark, request.run(), s.replaySize(), s.replayFrames(),
                game.frameShape().bytes(), s.historyLength(), partitions, demonstrations);
        try (SparkFitter fitter = new SparkFitter(JavaSparkContext.fromSparkContext(spark.sparkContext()),
                window.buffers(), s)) {
            out.printf("train: replay window of %,d transitions (%,d valid states), %,.0f MB in memory (%,.0f bytes"
                            + " per transition, frames %s), newest iteration %d%n", window.size(),
                    fitter.validStates().stream().mapToLong(Integer::longValue).sum(), window.bytesInMemory() / 1e6,
                    (double) window.bytesInMemory() / Math.max(1, window.size()), s.replayFrames(),
                    window.newestIteration());
            DemonstrationAgreement agreement = demonstrations(request, s, fitter, window, shape);
            Start start = resume(new SnapshotStore(store), s, shape, game.actions());
            Learner learner = new Learner(start.online(), start.target(), start.updates(), start.targetCopiedAt(), s,
                    shape, fitter);
            HeldOutStates heldOut = HeldOutStates.loadOrDraw(store, window, s, shape);
            return train(request, learner, heldOut, agreement,
                    new Epochs(spark, store, request, window, start.epoch(), start.trainSeconds(), out));
        } finally {
            window.release();
        }
    }

    /**
     * With demonstrations on, says how many the window holds and draws the states of the training table's
     * agreement; refuses pre-training a run without any. Null when demonstrations are off.
     */
    private DemonstrationAgreement demonstrations(TrainRequest request, TrainSettings s, SparkFitter fitter,
                                                  ReplayWindow window, StateShape shape) {
        if (!s.demonstrations().enabled()) {
            return null;
        }
        long valid = fitter.validDemonstrations().stream().mapToLong(Integer::longValue).sum();
        if (valid == 0 && request.pretraining()) {
            throw new UserError("Run '" + request.run().run() + "' in " + request.run().store() + " holds no"
                    + " demonstrations (transitions with source = human) to pre-train on. Import a dataset (dqn import"
                    + " --run " + request.run().run() + " ...) or record your own play (dqn play --run "
                    + request.run().run() + " ...) first.");
        }
        out.printf("train: Deep Q-learning from Demonstrations%s: %,d valid demonstration states, %s of each"
                        + " minibatch%n", request.pretraining() ? ", pre-training" : "", valid,
                valid == 0 ? "none" : String.format("%.0f%%", 100 * s.demonstrations().share()));
        return DemonstrationAgreement.draw(window, fitter.validDemonstrations(), s.demonstrations().agreementStates(),
                shape, Seeds.derive(s.seed(), -2));
    }

    /** The learner's steps until the request's updates are done; a fit never crosses an epoch's end. */
    private TrainReport train(TrainRequest request, Learner learner, HeldOutStates heldOut,
                              DemonstrationAgreement agreement, Epochs epochs) {
        long start = System.nanoTime();
        int firstEpoch = epochs.epoch() + 1;
        long updatesDone = 0;
        double lossSum = 0;
        double meanQ = heldOut.meanMaxQ(learner.online());
        double epochEndSeconds = 0;
        double epochEndCpuSeconds = 0;
        double cpuStart = processCpuSeconds();
        while (updatesDone < request.updates()) {
            Learner.Step step;
            try {
                step = learner.step(Math.min(request.updates() - updatesDone, epochs.updatesLeft()));
            } catch (TrainingDiverged e) {
                throw e.keeping(epochs.newestSnapshot());
            }
            updatesDone += step.updates();
            lossSum += step.loss() * step.updates();
            epochs.add(step);
            meanQ = heldOut.meanMaxQ(learner.online());
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf("train: update %,d/%,d (%.0f%%), %.1f updates/s, loss %.4f, meanq %.4f%n", updatesDone,
                    request.updates(), 100.0 * updatesDone / request.updates(), updatesDone / seconds, step.loss(),
                    meanQ);
            PausePoints.reach(PausePoints.TRAIN_UPDATES, updatesDone);
            if (epochs.updatesLeft() == 0 || updatesDone == request.updates()) {
                long endStart = System.nanoTime();
                double endCpuStart = processCpuSeconds();
                epochs.end(learner, meanQ, agreement == null ? null : agreement.of(learner.online()));
                epochEndSeconds += (System.nanoTime() - endStart) / 1e9;
                epochEndCpuSeconds += processCpuSeconds() - endCpuStart;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new TrainReport(firstEpoch, epochs.epoch(), updatesDone, learner.updates(),
                lossSum / Math.max(1, updatesDone), meanQ, seconds, epochEndSeconds, processCpuSeconds() - cpuStart,
                epochEndCpuSeconds);
    }

    /** This JVM's CPU time so far, all threads; NaN where the JVM does not say. */
    private static double processCpuSeconds() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() / 1e9 : Double.NaN;
    }

    /** Where the learner starts: its networks and the run's counters. */
    private record Start(MultiLayerNetwork online, MultiLayerNetwork target, int epoch, long updates,
                         long targetCopiedAt, double trainSeconds) {
    }

    private Start resume(SnapshotStore snapshots, TrainSettings s, StateShape shape, int actions) {
        return snapshots.latestEpoch().map(epoch -> {
            Snapshot snapshot = snapshots.read(epoch);
            applyOptimizerSettings(snapshot.network(), s, snapshots.path(epoch).toString());
            // The run's settings now, not the snapshot's, decide the loss (DQN's or DQfD's, and its constants).
            useLoss(snapshot.network(), s);
            MultiLayerNetwork target = snapshot.network().clone();
            target.setParams(snapshot.targetParameters());
            out.printf("train: resuming from %s (epoch %d, %,d updates)%n", snapshots.path(epoch), epoch,
                    snapshot.counters().updates());
            return new Start(snapshot.network(), target, epoch, snapshot.counters().updates(),
                    snapshot.counters().targetCopiedAt(), snapshot.counters().trainSeconds());
        }).orElseGet(() -> {
            MultiLayerNetwork online = QNetworks.create(QNetworks.of(s.architecture(), shape, actions, s.optimizer(),
                    s.sumGradients(), s.tdErrorClip(), s.networkSeed()));
            useLoss(online, s);
            out.printf("train: new %s network, %,d parameters, %d actions, input %d x %d x %d%n", s.architecture(),
                    online.numParams(), actions, shape.channels(), shape.frame().height(), shape.frame().width());
            return new Start(online, online.clone(), 0, 0, 0, 0);
        });
    }

    /** The output layer's loss and the weights' L2 regularisation as the settings say (DQN's, or DQfD's). */
    private static void useLoss(MultiLayerNetwork network, TrainSettings s) {
        QNetworks.useLoss(network.getLayerWiseConfigurations(), s.loss());
        QNetworks.useL2(network.getLayerWiseConfigurations(), s.l2());
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
}
