package org.dqnspark.trainer.learner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.FrameShape;
import org.dqnspark.core.learning.DemonstrationLabels;
import org.dqnspark.core.learning.TdLabels;
import org.dqnspark.core.learning.TdTargets;
import org.dqnspark.core.network.StateShape;
import org.dqnspark.trainer.TrainSettings;
import org.dqnspark.trainer.replay.ReplayBuffer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class MinibatchesTest {
    private static final TrainSettings SETTINGS = TrainSettings.from(Settings.load(Path.of("..", "conf",
            "minatar.conf"), List.of()));
    private static final StateShape SHAPE = new StateShape(new FrameShape(4, 10, 10), 1);
    private static final DemonstrationLabels LABELS = new DemonstrationLabels(TdTargets.Rule.NATURE_DQN, 0.99f, 1f);

    /**
     * Partitions holding 10 of 20, none of 50 and all 30 valid states as demonstrations, a share of 0.25: a
     * demonstration is drawn from partition 0 with probability 10/40 and from 2 with 30/40, the agent's own play
     * from 0 with 10/60 and from 1 with 50/60. So partition 0 draws 0.25 * 10/40 + 0.75 * 10/60 = 0.1875 of the
     * minibatches, a third of whose transitions are demonstrations; 1 draws 0.625, none; 2 draws 0.1875, all.
     */
    @Test
    void eachPartitionDrawsItsShareOfMinibatchesAndOfDemonstrations() {
        int count = 200_000;
        Minibatches m = Minibatches.drawWithDemonstrations(count, List.of(20, 50, 30), List.of(10, 0, 30), 0.25, 3,
                SETTINGS, SHAPE, LABELS);
        assertEquals(0.1875, (double) m.minibatchesOf(0) / count, 0.005);
        assertEquals(0.625, (double) m.minibatchesOf(1) / count, 0.005);
        assertEquals(0.1875, (double) m.minibatchesOf(2) / count, 0.005);
        assertEquals(1.0 / 3, m.demonstrationShareOf(0), 1e-9);
        assertEquals(0, m.demonstrationShareOf(1), 1e-9);
        assertEquals(1, m.demonstrationShareOf(2), 1e-9);
    }

    @Test
    void withoutTheAgentsOwnPlayEveryTransitionIsADemonstrationAndWithoutDemonstrationsNone() {
        Minibatches only = Minibatches.drawWithDemonstrations(100, List.of(5, 0, 7), List.of(5, 0, 7), 0.25, 3,
                SETTINGS, SHAPE, LABELS);
        assertEquals(0, only.minibatchesOf(1));
        assertEquals(1, only.demonstrationShareOf(0), 1e-9);
        assertEquals(1, only.demonstrationShareOf(2), 1e-9);
        Minibatches none = Minibatches.drawWithDemonstrations(100, List.of(5, 9), List.of(0, 0), 0.25, 3, SETTINGS,
                SHAPE, LABELS);
        assertEquals(100, none.minibatchesOf(0) + none.minibatchesOf(1));
        assertEquals(0, none.demonstrationShareOf(0), 1e-9);
    }

    @Test
    void minibatchesGivenBackAfterTheirUpdateAreSampledIntoAgainAndHoldWhatFreshArraysWould() {
        for (boolean demonstrations : new boolean[] {false, true}) {
            for (TdTargets.Rule rule : TdTargets.Rule.values()) {
                TrainSettings s = TinyReplay.settings("dqn.train.double-dqn=" + (rule == TdTargets.Rule.DOUBLE_DQN));
                MultiLayerNetwork network = TinyReplay.network(s);
                ReplayBuffer buffer = TinyReplay.buffer(0);
                Minibatches made = demonstrations
                        ? Minibatches.drawWithDemonstrations(200, List.of(buffer.validCount()), List.of(0), 0.25, 3, s,
                        TinyReplay.SHAPE, new DemonstrationLabels(rule, 0.99f, 1f))
                        : Minibatches.draw(200, List.of(buffer.validCount()), 3, s, TinyReplay.SHAPE,
                        new TdLabels(rule, 0.99f));
                Iterator<DataSet> givenBack = made.stream(0, buffer, network);
                Iterator<DataSet> fresh = made.stream(0, buffer, network);
                Set<INDArray> statesArrays = Collections.newSetFromMap(new IdentityHashMap<>());
                String what = rule + (demonstrations ? ", DQfD" : "");
                for (int m = 0; m < 200; m++) {
                    DataSet reused = givenBack.next();
                    DataSet own = fresh.next();
                    AroundEachUpdate.before(reused, network);
                    AroundEachUpdate.before(own, network);
                    assertArrayEquals(own.getFeatures().data().asFloat(), reused.getFeatures().data().asFloat(), what);
                    assertArrayEquals(own.getLabels().data().asFloat(), reused.getLabels().data().asFloat(), what);
                    statesArrays.add(reused.getFeatures());
                    AroundEachUpdate.after(reused); // and never the fresh stream's: its arrays stay its own
                }
                // A group's states, and DQfD's one minibatch's states, next states and n-step states, all alike.
                assertTrue(statesArrays.size() <= 3 * made.perTargetForward(), what + ": " + statesArrays.size());
            }
        }
    }
}
