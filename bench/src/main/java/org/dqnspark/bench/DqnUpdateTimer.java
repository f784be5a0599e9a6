package org.dqnspark.bench;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.learning.TdLabels;
import org.dqnspark.core.learning.TdTargets;
import org.dqnspark.core.network.QNetworks;
import org.dqnspark.core.network.StateInput;
import org.dqnspark.core.spark.TaskThreads;
import org.dqnspark.trainer.TrainSettings;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Times one DQN update as the trainer does it (TdLabels and DL4J's fit), on the network
 * (the full action set) and a random batch, its states and next states converted to the networks' floats once
 * beforehand (sampling and converting them are the train job's work around the update, not the update's): the
 * target network values the next states, TdTargets gives y, and the online network is fitted with the label mask of the taken
 * actions (centered RMSProp). Also times the policy's forward pass, as SnapshotPolicy runs one.
 */
final class DqnUpdateTimer {
    static final int BATCH = 32;
    static final int ACTIONS = 18;
    private static final int HISTORY = 4;
    private static final double GAMMA = 0.99;

    private final MultiLayerNetwork online;
    private final MultiLayerNetwork target;
    private final byte[] states = new byte[BATCH * HISTORY * StateInput.HEIGHT * StateInput.WIDTH];
    private final float[] rewards = new float[BATCH];
    private final boolean[] terminal = new boolean[BATCH];
    private final int[] taken = new int[BATCH];
    /** The states and next states as the networks take them, converted once: the update's arithmetic alone. */
    private final INDArray statesInput;
    private final INDArray nextInput;

    DqnUpdateTimer() {
        online = QNetworks.create(QNetworks.nature(HISTORY, ACTIONS,
                TrainSettings.from(Settings.defaults()).optimizer(), 1));
        target = online.clone();
        SplittableRandom random = new SplittableRandom(1);
        random.nextBytes(states);
        byte[] nextStates = new byte[states.length];
        random.nextBytes(nextStates);
        for (int j = 0; j < BATCH; j++) {
            rewards[j] = random.nextInt(3) - 1;
            terminal[j] = random.nextDouble() < 0.1;
            taken[j] = random.nextInt(ACTIONS);
        }
        statesInput = StateInput.of(states, BATCH, HISTORY, QNetworks.STATE_FORMAT);
        nextInput = StateInput.of(nextStates, BATCH, HISTORY, QNetworks.STATE_FORMAT);
    }

    private void update() {
        update(0);
    }

    /** One update, its target forward on {@code targetThreads} threads (0: as many as the fit). */
    private void update(int targetThreads) {
        float[] qTargetNext;
        if (targetThreads > 0) {
            int fitThreads = NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
            TaskThreads.useOnThisThread(targetThreads);
            qTargetNext = target.output(nextInput, false).data().asFloat();
            TaskThreads.useOnThisThread(fitThreads);
        } else {
            qTargetNext = target.output(nextInput, false).data().asFloat();
        }
        float[] y = TdTargets.natureDqn(rewards, terminal, (float) GAMMA, qTargetNext);
        online.fit(TdLabels.dataSet(statesInput, taken, y, ACTIONS));
    }

    /** Median seconds of {@code count} updates, after one that is not counted. */
    double medianUpdateSeconds(int count) {
        update();
        return Timings.medianSeconds(0, count, this::update);
    }

    /**
     * This JVM's CPU seconds (all threads, native ones too) per update over {@code count} updates whose target forward runs on one thread, as the
     * train job's labelling thread runs it (beside the fit): the CPU of the update's own arithmetic as the job
     * arranges it. On two threads the forward costs more CPU for less time (OpenMP's workers wait on each other).
     */
    double cpuSecondsPerUpdateAsTheJobArrangesIt(int count) {
        update(1);
        double cpuStart = CpuUse.now().process();
        for (int i = 0; i < count; i++) {
            update(1);
        }
        return (CpuUse.now().process() - cpuStart) / count;
    }

    /** Median seconds of a policy forward of {@code batch} states, as SnapshotPolicy runs one, after one. */
    double medianForwardSeconds(int batch, int count) {
        return Timings.medianSeconds(1, count, () -> online.output(StateInput.of(states, batch, HISTORY,
                QNetworks.STATE_FORMAT), false).data().asFloat());
    }
}
