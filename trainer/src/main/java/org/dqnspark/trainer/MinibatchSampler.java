package org.dqnspark.trainer;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.core.learning.Minibatch;
import org.dqnspark.core.learning.TdLabels;
import org.dqnspark.core.learning.TdTargets;
import org.dqnspark.core.network.StateInput;
import org.dqnspark.core.network.StateShape;
import org.dqnspark.trainer.replay.ReplayBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Turns uniformly sampled transitions of one replay buffer into the DataSets DL4J fits ({@link TdLabels}):
 * the targets come from the frozen target network (and, for Double DQN, the online network's choice).
 */
public final class MinibatchSampler {
    private final ReplayBuffer buffer;
    private final MultiLayerNetwork target;
    private final MultiLayerNetwork online;
    private final TrainSettings settings;
    private final TdLabels labels;
    private final SplittableRandom random;
    private final StateShape shape;
    private final int stateBytes;
    private final CNN2DFormat format;
    /** The next states only feed the target (and online) forward here, so one buffer serves every call. */
    private final StateInput.Reused nextStatesInput;

    /**
     * @param online the online network, needed only for Double DQN (else null)
     */
    public MinibatchSampler(ReplayBuffer buffer, MultiLayerNetwork target, MultiLayerNetwork online,
                            TrainSettings settings, StateShape shape, long seed) {
        this.buffer = buffer;
        this.target = target;
        this.online = online;
        this.settings = settings;
        this.labels = new TdLabels(settings.doubleDqn() ? TdTargets.Rule.DOUBLE_DQN : TdTargets.Rule.NATURE_DQN,
                (float) settings.discount());
        this.random = new SplittableRandom(seed);
        this.shape = shape;
        this.stateBytes = shape.bytes();
        this.format = StateInput.formatOf(target);
        this.nextStatesInput = new StateInput.Reused(shape.frame(), format);
    }

    public DataSet next() {
        int batch = settings.batchSize();
        byte[] before = new byte[batch * stateBytes];
        byte[] after = new byte[batch * stateBytes];
        float[] rewards = new float[batch];
        boolean[] terminal = new boolean[batch];
        int[] taken = new int[batch];
        for (int j = 0; j < batch; j++) {
            int i = buffer.sampleValidIndex(random);
            buffer.stateBefore(i, before, j * stateBytes);
            buffer.stateAfter(i, after, j * stateBytes);
            rewards[j] = buffer.reward(i);
            // Truncation is not terminal: the episode was cut, the state still has a value.
            terminal[j] = buffer.gameOver(i) || (settings.lifeLossTerminal() && buffer.lifeLost(i));
            taken[j] = buffer.action(i);
        }
        INDArray nextStates = nextStatesInput.of(after, batch, shape.historyLength());
        return labels.of(new Minibatch(shape.input(before, batch, format), taken, rewards, terminal, nextStates),
                target, online);
    }
}
