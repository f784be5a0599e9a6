package org.dqnspark.trainer.learner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.dqnspark.trainer.TrainSettings;
import org.dqnspark.trainer.TrainingDiverged;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The learner with a local fitter on a tiny MinAtar-shaped network and replay: real DL4J, no Spark. */
class LearnerTest {
    /** A target period of 10 updates, fits of at most 4. */
    private static final TrainSettings SETTINGS = TinyReplay.settings("dqn.train.target-update-period=10",
            "dqn.train.updates-per-fit=4");

    private static Learner newLearner(TrainSettings s, LocalFitter fitter) {
        MultiLayerNetwork online = TinyReplay.network(s);
        return new Learner(online, online.clone(), 0, 0, s, TinyReplay.SHAPE, fitter);
    }

    private static List<Integer> stepSizes(Learner learner, long... atMost) {
        List<Integer> sizes = new ArrayList<>();
        for (long n : atMost) {
            sizes.add(learner.step(n).updates());
        }
        return sizes;
    }

    @Test
    void theTargetNetworkIsCopiedFromTheOnlineOneEveryTargetUpdatePeriodUpdates() {
        Learner learner = newLearner(SETTINGS, new LocalFitter(TinyReplay.buffers(2)));
        INDArray initial = learner.online().params().dup();
        MultiLayerNetwork firstTarget = learner.target();
        assertEquals(List.of(4, 4, 2), stepSizes(learner, 100, 100, 100));
        assertSame(firstTarget, learner.target(), "frozen for the first 10 updates");
        assertSameFloats(initial, learner.target().params());
        assertNotEquals(initial, learner.online().params(), "while the online network moved");
        INDArray atTen = learner.online().params().dup();

        assertEquals(List.of(4, 4, 2), stepSizes(learner, 100, 100, 100));
        assertSameFloats(atTen, learner.target().params()); // the second period's target: the online network at 10
        assertEquals(10, learner.targetCopiedAt());
        INDArray atTwenty = learner.online().params().dup();

        learner.step(100);
        assertSameFloats(atTwenty, learner.target().params()); // and the third period's, the online network at 20
        assertEquals(20, learner.targetCopiedAt());
        assertEquals(24, learner.updates());
    }

    @Test
    void aStepNeverCrossesATargetRefreshNorDoesMoreUpdatesThanAskedFor() {
        LocalFitter fitter = new LocalFitter(TinyReplay.buffers(2));
        Learner learner = newLearner(SETTINGS, fitter);
        // 3 as asked; 4 at most per fit; 3 to the refresh at 10; 1 as asked, after it.
        assertEquals(List.of(3, 4, 3, 1), stepSizes(learner, 3, 100, 100, 1));
        assertEquals(11, learner.updates());
        assertEquals(10, learner.targetCopiedAt());
        assertEquals(4, fitter.fits, "one fit per step");
        assertThrows(IllegalArgumentException.class, () -> learner.step(0));
    }

    @Test
    void aNonFiniteLossStopsTrainingBeforeTheUpdateCountMoves() {
        Learner learner = newLearner(TinyReplay.settings("dqn.train.updates-per-fit=2",
                "dqn.train.learning-rate=1e38"), new LocalFitter(TinyReplay.buffers(2)));
        TrainingDiverged diverged = null;
        for (int i = 0; i < 20 && diverged == null; i++) {
            try {
                learner.step(100);
            } catch (TrainingDiverged e) {
                diverged = e;
            }
        }
        assertTrue(diverged != null, "a learning rate of 1e38 diverges within 40 updates");
        Matcher m = Pattern.compile("Training diverged at update (\\d+): the loss is (NaN|-?Infinity)\\.")
                .matcher(diverged.getMessage());
        assertTrue(m.matches(), diverged.getMessage());
        assertEquals(learner.updates() + 2, Long.parseLong(m.group(1)), "the update the failed fit would have reached");
        assertTrue(diverged.keeping("epoch-3.zip").getMessage().endsWith("The newest good snapshot is epoch-3.zip and"
                + " stays the run's latest; lower dqn.train.learning-rate or check the data."));
    }

    @Test
    void aLearnerResumedFromItsSavedStateGoesOnAsOneThatNeverStopped() throws IOException {
        Learner through = newLearner(SETTINGS, new LocalFitter(TinyReplay.buffers(2)));
        stepSizes(through, 100, 100, 100, 100, 100);

        Learner first = newLearner(SETTINGS, new LocalFitter(TinyReplay.buffers(2)));
        stepSizes(first, 100, 100);
        // As a snapshot keeps it: the online network with its optimizer state, the target's parameters.
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        ModelSerializer.writeModel(first.online(), saved, true);
        MultiLayerNetwork online = ModelSerializer.restoreMultiLayerNetwork(
                new ByteArrayInputStream(saved.toByteArray()), true);
        MultiLayerNetwork target = online.clone();
        target.setParams(first.target().params());
        Learner resumed = new Learner(online, target, first.updates(), first.targetCopiedAt(), SETTINGS,
                TinyReplay.SHAPE, new LocalFitter(TinyReplay.buffers(2)));
        stepSizes(resumed, 100, 100, 100);

        assertEquals(through.updates(), resumed.updates());
        assertEquals(through.targetCopiedAt(), resumed.targetCopiedAt());
        assertSameFloats(through.online().params(), resumed.online().params());
        assertSameFloats(through.target().params(), resumed.target().params());
        assertNotSame(resumed.online(), resumed.target());
    }

    private static void assertSameFloats(INDArray expected, INDArray actual) {
        assertArrayEquals(expected.toFloatVector(), actual.toFloatVector());
    }
}
