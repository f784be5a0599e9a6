package org.dqnspark.core.policy;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.core.UserError;
import org.dqnspark.core.env.FrameShape;
import org.dqnspark.core.network.QNetworks;
import org.dqnspark.core.network.StateInput;
import org.dqnspark.core.spark.TaskThreads;
import org.dqnspark.core.state.FrameHistory;
import org.dqnspark.core.store.SnapshotStore;
import org.dqnspark.core.store.Transition;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The greedy policy of a trained snapshot: argmax_a Q(s, a). Loaded once per actor, used for every step. */
public final class SnapshotPolicy implements Policy {
    private final MultiLayerNetwork network;
    private final String snapshotId;
    /** One state per step, so one buffer serves every step. */
    private final StateInput.Reused input;

    public SnapshotPolicy(MultiLayerNetwork network, String snapshotId, FrameShape frameShape) {
        this.network = network;
        this.snapshotId = snapshotId;
        this.input = new StateInput.Reused(frameShape, StateInput.formatOf(network));
    }

    /**
     * The greedy policy of the snapshot file at {@code path} (read on an executor, once per actor or game
     * task), for frames of {@code frameShape}. Its network runs on the cores Spark gave the task
     * ({@link TaskThreads}).
     *
     * @throws UserError when it cannot be read
     */
    public static SnapshotPolicy load(Path path, Configuration hadoop, FrameShape frameShape) {
        TaskThreads.useTaskCores();
        try (InputStream in = path.getFileSystem(hadoop).open(path)) {
            MultiLayerNetwork network = QNetworks.restore(in, false);
            // A snapshot of the store is named by its epoch; a file of the user's (dqn evaluate FILE.zip) by its name.
            String id = SnapshotStore.epochOf(path.getName()).map(SnapshotStore::epochName).orElse(path.getName());
            return new SnapshotPolicy(network, id, frameShape);
        } catch (IOException | RuntimeException e) {
            throw new UserError("Cannot load snapshot " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int greedyAction(FrameHistory state) {
        return argMax(qValues(state));
    }

    /** Q(s, a) for every action a. */
    public synchronized float[] qValues(FrameHistory state) {
        INDArray q = network.output(input.of(state.stacked(), 1, state.length()), false);
        return q.data().asFloat();
    }

    /** The greedy action: the index of the largest value, the first one on a tie. */
    public static int argMax(float[] values) {
        return argMax(values, 0, values.length);
    }

    /** The greedy action of one row of a batch: the index of the largest of values[from .. from+count). */
    public static int argMax(float[] values, int from, int count) {
        int best = 0;
        for (int a = 1; a < count; a++) {
            if (values[from + a] > values[from + best]) {
                best = a;
            }
        }
        return best;
    }

    @Override
    public String snapshotId() {
        return snapshotId;
    }

    @Override
    public String source() {
        return Transition.SOURCE_AGENT;
    }
}
