package org.dqnspark.trainer.learner;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.TaskCompletionListener;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.dqnspark.core.spark.TaskThreads;
import org.dqnspark.trainer.TrainSettings;
import org.dqnspark.trainer.replay.ReplayBuffer;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The trainer's engine, DL4J's Spark fit: one task fits the online network through a parameter-averaging
 * TrainingMaster with one worker that averages once per fit, so the updates are sequential, as in DQN, on
 * {@code dqn.train.fit-threads} of the executor's cores (0: all). That task reads the replay partitions one
 * after the other; a thread of its own samples each partition's minibatches and labels them with the
 * broadcast target network a few minibatches ahead of the fit ({@link MadeAhead}), so sampling and the target
 * forward are off the update's critical path and a fit holds only the minibatches not yet fitted, whatever
 * its length. The target network is broadcast once per copy.
 */
public final class SparkFitter implements Fitter {
    /** Target forwards' worth of minibatches made ahead of the fit (Nature: 16 minibatches, 58 MB of states). */
    static final int FORWARDS_AHEAD = 2;
    /**
     * Threads of the thread that labels minibatches ahead (the target network's forwards), beside the fit's: one,
     * as two beside a fit on two cores were slower in bench/compute.sh (job 1.08x the update against 0.90x).
     */
    static final int LABEL_THREADS = 1;
    private final JavaSparkContext jsc;
    private final JavaRDD<ReplayBuffer> buffers;
    private final List<Integer> validStates;
    private List<Integer> validDemonstrations;
    private final ParameterAveragingTrainingMaster master;
    private final int fitThreads;
    private SparkDl4jMultiLayer sparkNet;
    /** The target network that {@link #targetBroadcast} holds a copy of. */
    private MultiLayerNetwork broadcastTarget;
    private Broadcast<NetworkBroadcast> targetBroadcast;

    /** A fitter on {@code buffers}, one replay buffer per partition, cached. */
    public SparkFitter(JavaSparkContext jsc, JavaRDD<ReplayBuffer> buffers, TrainSettings s) {
        this.jsc = jsc;
        this.buffers = buffers;
        this.validStates = List.copyOf(buffers.map(ReplayBuffer::validCount).collect());
        this.fitThreads = s.fitThreads();
        this.master = new ParameterAveragingTrainingMaster.Builder(1, s.batchSize())
                .batchSizePerWorker(s.batchSize())
                .averagingFrequency(s.updatesPerFit())
                .workerPrefetchNumBatches(0)
                .saveUpdater(true)
                .repartionData(Repartition.Never)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .storageLevel(null)
                .rngSeed(s.seed())
                .build();
        // Double DQN's next actions chosen by the network of each update right before it; each minibatch's states
        // back to its sampler once fitted, for the minibatches to come.
        master.addHook(new AroundEachUpdate());
    }

    @Override
    public List<Integer> validStates() {
        return validStates;
    }

    @Override
    public List<Integer> validDemonstrations() {
        if (validDemonstrations == null) {
            // Also makes each cached buffer's index of valid demonstrations, which sampling by kind reads.
            validDemonstrations = List.copyOf(buffers.map(b -> b.validCount(true)).collect());
        }
        return validDemonstrations;
    }

    @Override
    public double fit(MultiLayerNetwork online, MultiLayerNetwork target, Minibatches minibatches) {
        Broadcast<NetworkBroadcast> frozen = broadcast(target);
        JavaRDD<DataSet> batches = buffers.mapPartitionsWithIndex((Integer p, Iterator<ReplayBuffer> it) -> {
            ReplayBuffer buffer = it.next();
            MadeAhead<DataSet> made = new MadeAhead<>(minibatches.stream(p, buffer, frozen.value().build()),
                    FORWARDS_AHEAD * minibatches.perTargetForward(), "dqn-minibatches-" + p,
                    () -> TaskThreads.useOnThisThread(LABEL_THREADS));
            TaskContext.get().addTaskCompletionListener((TaskCompletionListener) context -> made.close());
            return made;
        }, true);
        // One worker: the updates are sequential, as in DQN, on dqn.train.fit-threads (0: all the executor's
        // cores). Its one task reads the partitions one after the other, each labelled ahead by a thread of its own.
        sparkNet(online).fit(new Counted<>(TaskThreads.withThreads(batches.coalesce(1), fitThreads), minibatches.count()));
        return sparkNet.getScore();
    }

    /**
     * An RDD that says how many elements it has without computing them: DL4J's fit counts its data first
     * (to split it between averagings), which would sample and label every minibatch twice.
     */
    private static final class Counted<T> extends JavaRDD<T> {
        private static final long serialVersionUID = 1L;
        private final long count;

        Counted(JavaRDD<T> rdd, long count) {
            super(rdd.rdd(), rdd.classTag());
            this.count = count;
        }

        @Override
        public long count() {
            return count;
        }
    }

    /** DL4J's Spark network for {@code online}: it fits that very object (parameters and optimizer state). */
    private SparkDl4jMultiLayer sparkNet(MultiLayerNetwork online) {
        if (sparkNet == null || sparkNet.getNetwork() != online) {
            sparkNet = new SparkDl4jMultiLayer(jsc, online, master);
        }
        return sparkNet;
    }

    /** The broadcast copy of {@code target}, made again only when the learner copied a new target network. */
    private Broadcast<NetworkBroadcast> broadcast(MultiLayerNetwork target) {
        if (target != broadcastTarget) {
            close();
            targetBroadcast = jsc.broadcast(new NetworkBroadcast(target));
            broadcastTarget = target;
        }
        return targetBroadcast;
    }

    @Override
    public void close() {
        if (targetBroadcast != null) {
            targetBroadcast.destroy();
            targetBroadcast = null;
            broadcastTarget = null;
        }
    }
}
