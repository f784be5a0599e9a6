package org.dqnspark.trainer.learner;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.trainer.replay.ReplayBuffer;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The learner's engine in this thread, as {@link SparkFitter}'s one worker fits: every buffer makes its
 * minibatches first, then the online network fits them one after the other, in partition order, each Double DQN
 * minibatch labelled right before its update as DL4J's worker does it.
 */
final class LocalFitter implements Fitter {
    private final List<ReplayBuffer> buffers;
    int fits;

    LocalFitter(List<ReplayBuffer> buffers) {
        this.buffers = buffers;
    }

    @Override
    public List<Integer> validStates() {
        return buffers.stream().map(ReplayBuffer::validCount).toList();
    }

    @Override
    public List<Integer> validDemonstrations() {
        return buffers.stream().map(b -> b.validCount(true)).toList();
    }

    @Override
    public double fit(MultiLayerNetwork online, MultiLayerNetwork target, Minibatches minibatches) {
        List<DataSet> all = new ArrayList<>();
        for (int p = 0; p < buffers.size(); p++) {
            minibatches.stream(p, buffers.get(p), target).forEachRemaining(all::add);
        }
        for (DataSet minibatch : all) {
            AroundEachUpdate.before(minibatch, online);
            online.fit(minibatch);
            AroundEachUpdate.after(minibatch);
        }
        fits++;
        return online.score();
    }
}
