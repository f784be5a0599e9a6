package org.dqnspark.trainer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.core.Seeds;
import org.dqnspark.core.network.StateInput;
import org.dqnspark.core.network.StateShape;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.core.store.StagedCommit;
import org.dqnspark.trainer.replay.ReplayBuffer;
import org.dqnspark.trainer.replay.ReplayWindow;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fixed states of the Nature paper's Q curves ("we collected a fixed set of states by running a
 * random policy before training starts and track the average of the maximum predicted Q for these
 * states"): drawn once per run from its first replay window, kept in the run directory, reused by every
 * later train job so meanq stays comparable across epochs.
 */
final class HeldOutStates {
    private static final int FORWARD_BATCH = 100;

    private final byte[] states;
    private final int count;
    private final StateShape shape;

    private HeldOutStates(byte[] states, StateShape shape) {
        this.states = states;
        this.shape = shape;
        this.count = states.length / shape.bytes();
    }

    static HeldOutStates loadOrDraw(RunStore store, ReplayWindow window, TrainSettings s, StateShape shape) {
        Path path = store.layout().heldOutStates();
        if (store.exists(path)) {
            try (InputStream in = store.fileSystem().open(path)) {
                return new HeldOutStates(in.readAllBytes(), shape);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
        }
        int wanted = s.heldOutStates();
        long total = window.size();
        long seed = Seeds.derive(s.seed(), -1);
        int bytes = shape.bytes();
        List<byte[]> drawn = window.buffers().mapPartitionsWithIndex((Integer p, Iterator<ReplayBuffer> it) -> {
            ReplayBuffer buffer = it.next();
            List<byte[]> out = new ArrayList<>();
            int share = (int) Math.ceil((double) wanted * buffer.size() / total);
            if (buffer.validCount() > 0) {
                SplittableRandom random = new SplittableRandom(Seeds.derive(seed, p));
                for (int i = 0; i < share; i++) {
                    out.add(buffer.stateBefore(buffer.sampleValidIndex(random)));
                }
            }
            return out.iterator();
        }, true).collect();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        drawn.stream().limit(wanted).forEach(state -> all.write(state, 0, bytes));
        try (StagedCommit commit = store.beginCommit("held-out-states")) {
            Path staged = commit.stage("heldout-states.bin");
            try (OutputStream out = store.fileSystem().create(staged, false)) {
                out.write(all.toByteArray());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + staged, e);
            }
            commit.renameAsCommitPoint(staged, path).commit();
        }
        return new HeldOutStates(all.toByteArray(), shape);
    }

    /** Mean over the states of max_a Q(s, a). */
    double meanMaxQ(MultiLayerNetwork network) {
        int bytes = shape.bytes();
        CNN2DFormat format = StateInput.formatOf(network);
        double sum = 0;
        for (int from = 0; from < count; from += FORWARD_BATCH) {
            int n = Math.min(FORWARD_BATCH, count - from);
            byte[] chunk = new byte[n * bytes];
            System.arraycopy(states, from * bytes, chunk, 0, chunk.length);
            INDArray q = network.output(shape.input(chunk, n, format), false);
            sum += q.max(1).sumNumber().doubleValue();
        }
        return sum / count;
    }
}
