package org.dqnspark.trainer.learner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.core.testing.TestSpark;
import org.dqnspark.trainer.TrainSettings;
import org.dqnspark.trainer.replay.ReplayBuffer;
import org.junit.jupiter.api.Test;

/**
 * DL4J's Spark fit (local[2], real DL4J) against the local fitter the learner tests use: the same floats, so
 * what the learner tests show holds for the train job's engine.
 */
class SparkFitterTest {
    @Test
    void theSparkFitMakesExactlyTheUpdatesOfTheLocalOneAcrossATargetRefreshUnderDoubleDqn() {
        // Double DQN: each minibatch labelled by the worker's network right before its update. Period 6: the fourth
        // fit copies.
        TrainSettings s = TinyReplay.settings("dqn.train.target-update-period=6", "dqn.train.updates-per-fit=2",
                "dqn.train.double-dqn=true");
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext());
        JavaRDD<ReplayBuffer> buffers = cachedBuffers(jsc);
        MultiLayerNetwork sparkOnline = TinyReplay.network(s);
        MultiLayerNetwork localOnline = TinyReplay.network(s);
        List<Double> sparkLosses = new ArrayList<>();
        List<Double> localLosses = new ArrayList<>();
        try (SparkFitter fitter = new SparkFitter(jsc, buffers, s)) {
            LocalFitter local = new LocalFitter(TinyReplay.buffers(2));
            assertEquals(local.validStates(), fitter.validStates());
            Learner onSpark = new Learner(sparkOnline, sparkOnline.clone(), 0, 0, s, TinyReplay.SHAPE, fitter);
            Learner onLocal = new Learner(localOnline, localOnline.clone(), 0, 0, s, TinyReplay.SHAPE, local);
            for (int i = 0; i < 4; i++) {
                sparkLosses.add(onSpark.step(100).loss());
                localLosses.add(onLocal.step(100).loss());
            }
            assertEquals(8, onSpark.updates());
            assertEquals(6, onSpark.targetCopiedAt());
            assertArrayEquals(onLocal.online().params().toFloatVector(), onSpark.online().params().toFloatVector());
            assertArrayEquals(onLocal.target().params().toFloatVector(), onSpark.target().params().toFloatVector());
            assertSame(sparkOnline, onSpark.online(), "fitted in place");
        } finally {
            buffers.unpersist(false);
        }
        assertEquals(localLosses, sparkLosses);
    }

    @Test
    void aLongFitWhoseSamplingReusesTheFittedMinibatchesArraysMakesTheUpdatesOfTheLocalOne() {
        // Groups of 8 minibatches of 32, 16 made ahead: each partition's 60-odd minibatches reuse the states of those
        // fitted before them (given back as the fit goes on), under Double DQN the groups' next states too.
        TrainSettings s = TinyReplay.settings("dqn.train.batch-size=32", "dqn.train.updates-per-fit=120",
                "dqn.train.double-dqn=true", "dqn.train.target-update-period=1000");
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext());
        JavaRDD<ReplayBuffer> buffers = cachedBuffers(jsc);
        MultiLayerNetwork sparkOnline = TinyReplay.network(s);
        MultiLayerNetwork localOnline = TinyReplay.network(s);
        try (SparkFitter fitter = new SparkFitter(jsc, buffers, s)) {
            Learner onSpark = new Learner(sparkOnline, sparkOnline.clone(), 0, 0, s, TinyReplay.SHAPE, fitter);
            Learner onLocal = new Learner(localOnline, localOnline.clone(), 0, 0, s, TinyReplay.SHAPE,
                    new LocalFitter(TinyReplay.buffers(2)));
            assertEquals(onLocal.step(120).loss(), onSpark.step(120).loss());
            assertArrayEquals(onLocal.online().params().toFloatVector(), onSpark.online().params().toFloatVector());
        } finally {
            buffers.unpersist(false);
        }
    }

    @Test
    void aFitIsOneSparkJobWhoseTaskSamplesAndLabelsTheMinibatchesAsItFitsThem() throws TimeoutException {
        // DL4J's fit counts its data before it fits: were that count a job, every minibatch would be made twice.
        TrainSettings s = TinyReplay.settings("dqn.train.updates-per-fit=20");
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext());
        JavaRDD<ReplayBuffer> buffers = cachedBuffers(jsc);
        MultiLayerNetwork online = TinyReplay.network(s);
        try (SparkFitter fitter = new SparkFitter(jsc, buffers, s)) {
            Learner learner = new Learner(online, online.clone(), 0, 0, s, TinyReplay.SHAPE, fitter);
            String group = "one fit " + System.nanoTime();
            jsc.setJobGroup(group, "a fit of 20 updates", false);
            assertEquals(20, learner.step(20).updates());
            jsc.clearJobGroup();
            jsc.sc().listenerBus().waitUntilEmpty();
            assertEquals(1, jsc.statusTracker().getJobIdsForGroup(group).length);
        } finally {
            buffers.unpersist(false);
        }
    }

    /** TinyReplay's two buffers, one per partition, cached as the train job caches its replay window. */
    private static JavaRDD<ReplayBuffer> cachedBuffers(JavaSparkContext jsc) {
        return jsc.parallelize(List.of(0, 1), 2)
                .mapPartitionsWithIndex((Integer p, Iterator<Integer> it) -> List.of(TinyReplay.buffer(p)).iterator(),
                        true)
                .persist(StorageLevel.MEMORY_ONLY());
    }
}
