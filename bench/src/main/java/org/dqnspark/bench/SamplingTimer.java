package org.dqnspark.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.dqnspark.core.env.FrameShape;
import org.dqnspark.core.learning.Minibatch;
import org.dqnspark.core.network.StateInput;
import org.dqnspark.core.network.StateShape;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.trainer.replay.MinibatchSampler;
import org.dqnspark.trainer.replay.ReplayBuffer;
import org.dqnspark.trainer.replay.ReplayWindow;

/**
 * The train job's sampling alone, as its labelling thread does it for the Nature network: groups of 8 minibatches
 * of 32 Atari states (LZ4 frames decompressed, states and next states assembled and converted to the network's
 * NHWC floats; each minibatch's states given back to the sampler's pool, as after its update in the job), timed in
 * CPU of the sampling thread. No network runs: this is the part of the job's work that a
 * GPU executor would still do on its CPU, one labelling thread per fit.
 */
final class SamplingTimer {
    private static final StateShape STATE = new StateShape(FrameShape.ATARI, 4);
    private static final int BATCH = DqnUpdateTimer.BATCH;
    private static final int GROUP = 8;

    private SamplingTimer() {
    }

    /** Thread CPU seconds per minibatch sampled from the run {@value BenchJobs#TRAIN_RUN} in {@code store}. */
    static double cpuSecondsPerMinibatch(SparkSession spark, Path store, int minibatches) {
        ReplayWindow window = ReplayWindow.load(spark, RunLayout.of(store.toString(), BenchJobs.TRAIN_RUN), 1_000_000,
                "compressed", FrameShape.ATARI.bytes(), STATE.historyLength(), 1);
        try {
            List<Double> perPartition = window.buffers().map(buffer -> time(buffer, minibatches)).collect();
            return perPartition.get(0);
        } finally {
            window.release();
        }
    }

    private static double time(ReplayBuffer buffer, int minibatches) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        StateInput.Pool handedOut = new StateInput.Pool(STATE.frame(), CNN2DFormat.NHWC);
        MinibatchSampler sampler = new MinibatchSampler(buffer, STATE, CNN2DFormat.NHWC, true, 1, handedOut);
        int groups = Math.max(1, minibatches / GROUP);
        for (int i = 0; i < Math.max(1, groups / 5); i++) {
            sampleAndGiveBack(sampler, handedOut);
        }
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < groups; i++) {
            sampleAndGiveBack(sampler, handedOut);
        }
        return (threads.getCurrentThreadCpuTime() - start) / 1e9 / (groups * GROUP);
    }

    /** A group of minibatches, their states given back as the job's fit gives them back after each update. */
    private static void sampleAndGiveBack(MinibatchSampler sampler, StateInput.Pool handedOut) {
        for (Minibatch minibatch : sampler.next(GROUP, BATCH).minibatches()) {
            handedOut.giveBack(minibatch.states());
        }
    }
}
