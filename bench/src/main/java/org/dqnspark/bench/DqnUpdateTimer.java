package org.dqnspark.bench;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.FrameShape;
import org.dqnspark.core.learning.TdLabels;
import org.dqnspark.core.learning.TdTargets;
import org.dqnspark.core.network.QNetworks;
import org.dqnspark.core.network.StateInput;
import org.dqnspark.trainer.TrainSettings;

/**
 * Times one DQN update as the trainer does it (TdLabels and DL4J's fit), on the network
 * (the full action set) and a random batch: the states arrive as bytes, the target network values the
 * next states, TdTargets gives y, and the online network is fitted with the label mask of the taken
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
    private final byte[] nextStates = new byte[states.length];
    private final float[] rewards = new float[BATCH];
    private final boolean[] terminal = new boolean[BATCH];
    private final int[] taken = new int[BATCH];
    private double lastCpuSecondsPerUpdate = Double.NaN;
    private final StateInput.Reused nextInput = new StateInput.Reused(FrameShape.ATARI, QNetworks.STATE_FORMAT);

    DqnUpdateTimer() {
        online = QNetworks.create(QNetworks.nature(HISTORY, ACTIONS,
                TrainSettings.from(Settings.defaults()).optimizer(), 1));
        target = online.clone();
        SplittableRandom random = new SplittableRandom(1);
        random.nextBytes(states);
        random.nextBytes(nextStates);
        for (int j = 0; j < BATCH; j++) {
            rewards[j] = random.nextInt(3) - 1;
            terminal[j] = random.nextDouble() < 0.1;
            taken[j] = random.nextInt(ACTIONS);
        }
    }

    private void update() {
        // As the trainer: the next states in one reused buffer, the fitted states in fresh memory.
        float[] qTargetNext = target.output(nextInput.of(nextStates, BATCH, HISTORY), false).data().asFloat();
        float[] y = TdTargets.natureDqn(rewards, terminal, (float) GAMMA, qTargetNext);
        online.fit(TdLabels.dataSet(StateInput.of(states, BATCH, HISTORY, QNetworks.STATE_FORMAT), taken, y,
                ACTIONS));
    }

    /** Median seconds of {@code count} updates, after one that is not counted. */
    double medianUpdateSeconds(int count) {
        update();
        double cpuStart = CpuUse.now().process();
        double median = Timings.medianSeconds(0, count, this::update);
        lastCpuSecondsPerUpdate = (CpuUse.now().process() - cpuStart) / count;
        return median;
    }

    /** This JVM's CPU seconds per update over the last {@link #medianUpdateSeconds} (all threads, native ones too). */
    double lastCpuSecondsPerUpdate() {
        return lastCpuSecondsPerUpdate;
    }

    /** Median seconds of a policy forward of {@code batch} states, as SnapshotPolicy runs one, after one. */
    double medianForwardSeconds(int batch, int count) {
        return Timings.medianSeconds(1, count, () -> online.output(StateInput.of(states, batch, HISTORY,
                QNetworks.STATE_FORMAT), false).data().asFloat());
    }
}
