package org.dqnspark.trainer.learner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.core.Seeds;
import org.dqnspark.core.learning.DemonstrationLabels;
import org.dqnspark.core.learning.DemonstrationMinibatch;
import org.dqnspark.core.learning.Minibatch;
import org.dqnspark.core.learning.MinibatchGroup;
import org.dqnspark.core.learning.TdLabels;
import org.dqnspark.core.learning.TdTargets;
import org.dqnspark.core.network.StateInput;
import org.dqnspark.trainer.TrainSettings;
import org.dqnspark.trainer.replay.MinibatchSampler;
import org.dqnspark.trainer.replay.ReplayBuffer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Double DQN's targets from the online network of each update, DQN's and DQfD's, on a tiny MinAtar-shaped network:
 * real DL4J.
 */
class DoubleDqnMinibatchTest {
    /** A large learning rate, so that the online network's choice of next actions changes from update to update. */
    private static final TrainSettings SETTINGS = TinyReplay.settings("dqn.train.double-dqn=true",
            "dqn.train.target-update-period=1000", "dqn.train.updates-per-fit=8", "dqn.train.learning-rate=0.05");
    private static final TdLabels LABELS = new TdLabels(TdTargets.Rule.DOUBLE_DQN, (float) SETTINGS.discount(),
            (float) SETTINGS.rewardClip());

    private static MinibatchSampler sampler(ReplayBuffer buffer, MultiLayerNetwork network, long seed) {
        return new MinibatchSampler(buffer, TinyReplay.SHAPE, StateInput.formatOf(network),
                SETTINGS.lifeLossTerminal(), seed);
    }

    @Test
    void aMinibatchLabelledJustBeforeItsUpdateGetsTheLabelsOfEagerDoubleDqnLabellingWithThatNetwork() {
        MultiLayerNetwork target = TinyReplay.network(SETTINGS);
        MultiLayerNetwork online = TinyReplay.network(TinyReplay.settings("dqn.train.double-dqn=true",
                "dqn.network.seed=99"));
        MinibatchGroup group = sampler(TinyReplay.buffer(0), target, 5).next(2, SETTINGS.batchSize(), true);
        List<DataSet> waiting = DoubleDqnMinibatch.of(group, target, LABELS);
        List<DataSet> eager = LABELS.of(group, target, online);
        for (int m = 0; m < 2; m++) {
            AroundEachUpdate.before(waiting.get(m), online);
            assertArrayEquals(eager.get(m).getLabels().dup().data().asFloat(), waiting.get(m).getLabels().dup().data().asFloat());
            assertArrayEquals(eager.get(m).getLabelsMaskArray().dup().data().asFloat(),
                    waiting.get(m).getLabelsMaskArray().dup().data().asFloat());
            assertArrayEquals(eager.get(m).getFeatures().dup().data().asFloat(), waiting.get(m).getFeatures().dup().data().asFloat());
        }
        DoubleDqnMinibatch once = (DoubleDqnMinibatch) waiting.get(0);
        assertThrows(IllegalStateException.class, () -> once.label(online));
    }

    @Test
    void everyUpdateChoosesItsNextActionsWithTheOnlineNetworkAsItIsJustBeforeThatUpdate() {
        ReplayBuffer buffer = TinyReplay.buffer(0);
        MultiLayerNetwork online = TinyReplay.network(SETTINGS);
        Learner learner = new Learner(online, online.clone(), 0, 0, SETTINGS, TinyReplay.SHAPE,
                new LocalFitter(List.of(buffer)));
        assertEquals(8, learner.step(8).updates());

        // The same eight draws (one partition: the fit's seed for update 0, then partition 0's), valued by the
        // target network in one forward as the fit does, each labelled with the online network as the updates
        // before it left it, then fitted.
        MultiLayerNetwork expected = TinyReplay.network(SETTINGS);
        MultiLayerNetwork target = expected.clone();
        MinibatchGroup group = sampler(buffer, expected, Seeds.derive(Seeds.derive(SETTINGS.seed(), 0), 0))
                .next(8, SETTINGS.batchSize(), true);
        float[] qTargetNext = target.output(group.nextStates(), false).data().asFloat();
        int row = SETTINGS.batchSize() * TinyReplay.ACTIONS;
        for (int m = 0; m < 8; m++) {
            Minibatch batch = group.minibatches().get(m);
            float[] qOnlineNext = expected.output(batch.nextStates(), false).data().asFloat();
            float[] y = LABELS.targets(batch, Arrays.copyOfRange(qTargetNext, m * row, (m + 1) * row), qOnlineNext);
            expected.fit(TdLabels.dataSet(batch.states(), batch.actions(), y, TinyReplay.ACTIONS));
        }
        assertArrayEquals(expected.params().toFloatVector(), learner.online().params().toFloatVector());
    }
    @Test
    void aDemonstrationMinibatchLabelledJustBeforeItsUpdateGetsBothTargetsOfEagerLabellingWithThatNetwork() {
        DemonstrationLabels labels = new DemonstrationLabels(TdTargets.Rule.DOUBLE_DQN, (float) SETTINGS.discount(),
                (float) SETTINGS.rewardClip());
        MultiLayerNetwork target = TinyReplay.network(SETTINGS);
        MultiLayerNetwork online = TinyReplay.network(TinyReplay.settings("dqn.train.double-dqn=true",
                "dqn.network.seed=99"));
        DemonstrationMinibatch batch = sampler(TinyReplay.buffer(1), target, 7)
                .nextWithDemonstrations(SETTINGS.batchSize(), 0, 3, true);
        DataSet waiting = DoubleDqnDemonstrationMinibatch.of(batch, target, labels);
        DataSet eager = labels.of(batch, target, online);
        AroundEachUpdate.before(waiting, online);
        assertArrayEquals(eager.getLabels().dup().data().asFloat(), waiting.getLabels().dup().data().asFloat());
        assertArrayEquals(eager.getFeatures().dup().data().asFloat(), waiting.getFeatures().dup().data().asFloat());
    }
}
