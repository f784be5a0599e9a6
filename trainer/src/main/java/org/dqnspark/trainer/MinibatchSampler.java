package org.dqnspark.trainer;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.core.learning.TdTargets;
import org.dqnspark.core.network.StateInput;
import org.dqnspark.core.network.StateShape;
import org.dqnspark.trainer.replay.ReplayBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns uniformly sampled transitions of one replay buffer into the DataSets DL4J fits: features are
 * the states before, labels carry the TD target y at the taken action, and the label mask is 1 there
 * and 0 elsewhere, so only the taken action's output carries loss ({@code ClippedTdLoss}).
 * The targets come from the frozen target network (and, for Double DQN, the online network's choice).
 */
public final class MinibatchSampler {
    private final ReplayBuffer buffer;
    private final MultiLayerNetwork target;
    private final MultiLayerNetwork online;
    private final TrainSettings settings;
    private final int actions;
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
                            TrainSettings settings, StateShape shape, int actions, long seed) {
        this.buffer = buffer;
        this.target = target;
        this.online = online;
        this.settings = settings;
        this.actions = actions;
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
        float[] qTargetNext = target.output(nextStates, false).data().asFloat();
        float[] qOnlineNext = settings.doubleDqn() ? online.output(nextStates, false).data().asFloat() : null;
        float[] y = TdTargets.compute(settings.doubleDqn() ? TdTargets.Rule.DOUBLE_DQN : TdTargets.Rule.NATURE_DQN,
                rewards, terminal, (float) settings.discount(), qTargetNext, qOnlineNext);
        return fitData(shape.input(before, batch, format), taken, y, actions);
    }

    /**
     * What DL4J fits for one minibatch: the states as features, y_j as the label of the taken action, and
     * a label mask that is 1 there and 0 elsewhere.
     */
    public static DataSet fitData(INDArray states, int[] taken, float[] y, int actions) {
        int batch = taken.length;
        float[] labels = new float[batch * actions];
        float[] mask = new float[batch * actions];
        for (int j = 0; j < batch; j++) {
            labels[j * actions + taken[j]] = y[j];
            mask[j * actions + taken[j]] = 1f;
        }
        return new DataSet(states, Nd4j.create(labels, new long[] {batch, actions}, 'c'), null,
                Nd4j.create(mask, new long[] {batch, actions}, 'c'));
    }
}
