package org.dqnspark.trainer.learner;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
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
 * The trainer's engine, DL4J's Spark fit: every replay partition samples and labels its minibatches at
 * once (its task forwards the broadcast target network), then one task fits the online network on them
 * through a parameter-averaging TrainingMaster with one worker that averages once per fit, so the updates
 * are sequential, as in DQN, on {@code dqn.train.fit-threads} of the executor's cores (0: all). The target
 * network is broadcast once per copy.
 */
public final class SparkFitter implements Fitter {
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
        Broadcast<NetworkBroadcast> onlineCopy = minibatches.needOnline()
                ? jsc.broadcast(new NetworkBroadcast(online)) : null;
        JavaRDD<MinibatchBlock> blocks = buffers.mapPartitionsWithIndex((Integer p, Iterator<ReplayBuffer> it) -> {
            ReplayBuffer buffer = it.next();
            TaskThreads.useTaskCores(); // the target network's forwards, one task per partition at once
            return List.of(new MinibatchBlock(minibatches.make(p, buffer, frozen.value().build(),
                    onlineCopy == null ? null : onlineCopy.value().build()))).iterator();
        }, true).persist(StorageLevel.MEMORY_ONLY());
        blocks.count(); // samples and computes targets on every partition in parallel
        JavaRDD<DataSet> batches = blocks.flatMap(block -> block.minibatches().iterator());
        // One worker: the updates are sequential, as in DQN, on dqn.train.fit-threads (0: all the executor's cores).
        sparkNet(online).fit(TaskThreads.withThreads(batches.coalesce(1), fitThreads));
        blocks.unpersist(false);
        if (onlineCopy != null) {
            onlineCopy.destroy();
        }
        return sparkNet.getScore();
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
