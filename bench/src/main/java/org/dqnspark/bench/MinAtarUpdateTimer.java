package org.dqnspark.bench;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.core.learning.TdLabels;
import org.dqnspark.core.learning.TdTargets;
import org.dqnspark.core.network.QNetworks;
import org.dqnspark.core.network.StateInput;
import org.dqnspark.core.network.StateShape;
import org.dqnspark.core.policy.SnapshotPolicy;
import org.dqnspark.trainer.TrainSettings;

/**
 * Times one MinAtar DQN update as the trainer does it (the target network's forward on the next states, TdLabels,
 * DL4J's fit with the settings' optimizer and gradient scale) on a random minibatch of binary channels, and the
 * policy's batch-1 forward as SnapshotPolicy runs one. The peer of bench/torch_minatar_update.py.
 */
final class MinAtarUpdateTimer {
    private final MultiLayerNetwork online;
    private final MultiLayerNetwork target;
    private final StateShape shape;
    private final int actions;
    private final int batch;
    private final float discount;
    private final CNN2DFormat format;
    private final byte[] states;
    private final byte[] nextStates;
    private final float[] rewards;
    private final boolean[] terminal;
    private final int[] taken;
    private final StateInput.Reused nextInput;

    MinAtarUpdateTimer(TrainSettings s, StateShape shape, int actions) {
        this.online = QNetworks.create(QNetworks.of(s.architecture(), shape, actions, s.optimizer(), s.sumGradients(),
                s.tdErrorClip(), s.networkSeed()));
        this.target = online.clone();
        this.shape = shape;
        this.actions = actions;
        this.batch = s.batchSize();
        this.discount = (float) s.discount();
        this.format = StateInput.formatOf(online);
        this.nextInput = new StateInput.Reused(shape.frame(), format);
        SplittableRandom random = new SplittableRandom(1);
        states = new byte[batch * shape.bytes()];
        nextStates = new byte[states.length];
        for (int i = 0; i < states.length; i++) { // MinAtar's channels are binary, about a tenth of them on
            states[i] = random.nextInt(10) == 0 ? (byte) 255 : 0;
            nextStates[i] = random.nextInt(10) == 0 ? (byte) 255 : 0;
        }
        rewards = new float[batch];
        terminal = new boolean[batch];
        taken = new int[batch];
        for (int j = 0; j < batch; j++) {
            rewards[j] = random.nextInt(2);
            terminal[j] = random.nextDouble() < 0.05;
            taken[j] = random.nextInt(actions);
        }
    }

    private void update() {
        float[] qTargetNext = target.output(nextInput.of(nextStates, batch, shape.historyLength()), false).data()
                .asFloat();
        float[] y = TdTargets.natureDqn(rewards, terminal, discount, qTargetNext);
        online.fit(TdLabels.dataSet(shape.input(states, batch, format), taken, y, actions));
    }

    /** Median seconds of {@code count} updates, after a tenth as many that are not counted. */
    double medianUpdateSeconds(int count) {
        return Timings.medianSeconds(Math.max(5, count / 10), count, this::update);
    }

    /** Median seconds of a batch-1 policy forward (input conversion and argmax included), after a tenth as many. */
    double medianForwardSeconds(int count) {
        StateInput.Reused input = new StateInput.Reused(shape.frame(), format);
        return Timings.medianSeconds(Math.max(5, count / 10), count, () -> SnapshotPolicy.argMax(
                online.output(input.of(states, 1, shape.historyLength()), false).data().asFloat()));
    }
}
