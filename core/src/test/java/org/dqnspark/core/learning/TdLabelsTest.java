package org.dqnspark.core.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.core.env.FrameShape;
import org.dqnspark.core.network.CenteredRmsProp;
import org.dqnspark.core.network.DqnUpdate;
import org.dqnspark.core.network.QNetworks;
import org.dqnspark.core.network.StateShape;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** TdLabels on a MinAtar-shaped network (4 x 10 x 10 frames, one per state), real DL4J. */
class TdLabelsTest {
    private static final StateShape SHAPE = new StateShape(new FrameShape(4, 10, 10), 1);
    private static final int ACTIONS = 3;
    private static final float GAMMA = 0.99f;

    private static MultiLayerNetwork network(long seed) {
        return QNetworks.create(QNetworks.minatar(SHAPE, ACTIONS, new CenteredRmsProp(), seed));
    }

    private static Minibatch minibatch(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] states = new byte[size * SHAPE.bytes()];
        byte[] next = new byte[size * SHAPE.bytes()];
        for (int i = 0; i < states.length; i++) {
            states[i] = random.nextInt(8) == 0 ? (byte) 255 : 0;
            next[i] = random.nextInt(8) == 0 ? (byte) 255 : 0;
        }
        int[] actions = random.ints(size, 0, ACTIONS).toArray();
        float[] rewards = new float[size];
        boolean[] terminal = new boolean[size];
        for (int j = 0; j < size; j++) {
            rewards[j] = random.nextInt(3) - 1;
            terminal[j] = j % 3 == 0;
        }
        return new Minibatch(SHAPE.input(states, size, QNetworks.STATE_FORMAT), actions, rewards, terminal,
                SHAPE.input(next, size, QNetworks.STATE_FORMAT));
    }

    @Test
    void eachRowCarriesTheTdTargetAtTheTakenActionAndNothingElse() {
        MultiLayerNetwork target = network(1);
        Minibatch batch = minibatch(6, 2);
        DataSet data = new TdLabels(TdTargets.Rule.NATURE_DQN, GAMMA).of(batch, target, null);

        float[] y = TdTargets.natureDqn(batch.rewards(), batch.terminal(), GAMMA,
                target.output(batch.nextStates(), false).data().asFloat());
        assertEquals(batch.states(), data.getFeatures());
        assertArrayEquals(new long[] {6, ACTIONS}, data.getLabels().shape());
        for (int j = 0; j < 6; j++) {
            for (int a = 0; a < ACTIONS; a++) {
                boolean taken = a == batch.actions()[j];
                assertEquals(taken ? y[j] : 0f, data.getLabels().getFloat(j, a), 0f, "label " + j + ", " + a);
                assertEquals(taken ? 1f : 0f, data.getLabelsMaskArray().getFloat(j, a), 0f, "mask " + j + ", " + a);
            }
        }
    }

    @Test
    void onlyDoubleDqnAsksTheOnlineNetworkAndItsChoiceChangesTheTargets() {
        assertFalse(new TdLabels(TdTargets.Rule.NATURE_DQN, GAMMA).needsOnline());
        TdLabels doubleDqn = new TdLabels(TdTargets.Rule.DOUBLE_DQN, GAMMA);
        assertTrue(doubleDqn.needsOnline());
        MultiLayerNetwork target = network(1);
        MultiLayerNetwork online = network(3);
        Minibatch batch = minibatch(6, 2);
        float[] expected = TdTargets.doubleDqn(batch.rewards(), batch.terminal(), GAMMA,
                target.output(batch.nextStates(), false).data().asFloat(),
                online.output(batch.nextStates(), false).data().asFloat());
        DataSet data = doubleDqn.of(batch, target, online);
        for (int j = 0; j < 6; j++) {
            assertEquals(expected[j], data.getLabels().getFloat(j, batch.actions()[j]), 0f, "row " + j);
        }
    }

    @Test
    void aGroupIsLabelledAsEachOfItsMinibatchesAloneWithOneForwardOverAllNextStates() {
        for (TdTargets.Rule rule : TdTargets.Rule.values()) {
            TdLabels labels = new TdLabels(rule, GAMMA);
            MultiLayerNetwork target = network(1);
            MultiLayerNetwork online = network(3);
            List<Minibatch> alone = List.of(minibatch(6, 2), minibatch(6, 5), minibatch(6, 7));
            INDArray allNext = Nd4j.concat(0, alone.stream().map(Minibatch::nextStates).toArray(INDArray[]::new));
            List<DataSet> grouped = labels.of(new MinibatchGroup(alone, allNext), target, online);
            assertEquals(3, grouped.size());
            for (int m = 0; m < 3; m++) {
                DataSet expected = labels.of(alone.get(m), target, online);
                assertEquals(expected.getFeatures(), grouped.get(m).getFeatures(), rule + " minibatch " + m);
                assertTrue(expected.getLabels().equalsWithEps(grouped.get(m).getLabels(), 1e-5),
                        rule + " minibatch " + m + ": " + expected.getLabels() + " vs " + grouped.get(m).getLabels());
                assertEquals(expected.getLabelsMaskArray(), grouped.get(m).getLabelsMaskArray());
            }
        }
    }

    @Test
    void dqnUpdateFitsWhatTdLabelsMake() {
        MultiLayerNetwork byUpdate = network(1);
        MultiLayerNetwork byLabels = network(1);
        MultiLayerNetwork target = network(2);
        Minibatch batch = minibatch(8, 4);
        double loss = DqnUpdate.apply(byUpdate, target, batch.states(), batch.actions(), batch.rewards(),
                batch.terminal(), batch.nextStates(), GAMMA);
        byLabels.fit(new TdLabels(TdTargets.Rule.NATURE_DQN, GAMMA).of(batch, target, null));
        assertArrayEquals(byLabels.params().toFloatVector(), byUpdate.params().toFloatVector());
        assertEquals(byLabels.score(), loss, 0.0);
    }
}
