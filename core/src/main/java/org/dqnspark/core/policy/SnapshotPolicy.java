package org.dqnspark.core.policy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.core.UserError;
import org.dqnspark.core.env.Environment;
import org.dqnspark.core.env.FrameShape;
import org.dqnspark.core.env.Game;
import org.dqnspark.core.network.QNetworks;
import org.dqnspark.core.network.StateInput;
import org.dqnspark.core.spark.TaskThreads;
import org.dqnspark.core.store.GameRecord;
import org.dqnspark.core.store.SnapshotHeader;
import org.dqnspark.core.state.FrameHistory;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The greedy policy of a trained snapshot: argmax_a Q(s, a). Loaded once per actor, used for every step. */
public final class SnapshotPolicy implements Policy {
    private final MultiLayerNetwork network;
    private final PlayingPolicy.Snapshot playing;
    /** One state per step, so one buffer serves every step. */
    private final StateInput.Reused input;

    private SnapshotPolicy(MultiLayerNetwork network, PlayingPolicy.Snapshot playing, FrameShape frameShape) {
        this.network = network;
        this.playing = playing;
        this.input = new StateInput.Reused(frameShape, StateInput.formatOf(network));
    }

    /**
     * The greedy policy of {@code snapshot}'s file (read on an executor, once per actor or game task), for
     * frames of {@code frameShape}. Its network runs on the cores Spark gave the task
     * ({@link TaskThreads}).
     *
     * @throws UserError when it cannot be read
     */
    static SnapshotPolicy load(PlayingPolicy.Snapshot snapshot, FrameShape frameShape) {
        TaskThreads.useTaskCores();
        Path path = new Path(snapshot.path());
        try (InputStream in = path.getFileSystem(new Configuration()).open(path)) {
            MultiLayerNetwork network = QNetworks.restore(in, false);
            return new SnapshotPolicy(network, snapshot, frameShape);
        } catch (IOException | RuntimeException e) {
            throw new UserError("Cannot load snapshot " + path + ": " + e.getMessage(), e);
        }
    }

    /** See {@link PlayingPolicy#checkPlays}. */
    static void checkPlays(PlayingPolicy.Snapshot snapshot, Game game, Environment environment, boolean anyRom) {
        Path path = new Path(snapshot.path());
        int actions = environment.actionCount();
        FrameShape frames = environment.frameShape();
        String wanted = game.name() + " (frames " + frames + ", " + actions + " actions)";
        String what = "\nA snapshot plays the game it was trained on: name one trained on " + game.name()
                + " (latest, an epoch of the run, or the .zip of a run of " + game.name() + ").";
        Optional<GameRecord> trained = SnapshotHeader.readGame(path, new Configuration());
        if (trained.isPresent()) {
            GameRecord on = trained.get();
            boolean sameShape = on.actions() == actions && on.frameShape().equals(frames);
            if (!(sameShape && (anyRom || on.identity().equals(game.identity())))) {
                throw new UserError("Snapshot " + path + " was trained on " + on.game() + " (frames " + on.frameShape()
                        + ", " + on.actions() + " actions), not on " + wanted + "." + what);
            }
            return;
        }
        // Format 1 records no game: its network must fit the game's actions and frames at least.
        MultiLayerNetwork network = load(snapshot, frames).network;
        long outputs = network.layerSize(network.getnLayers() - 1);
        long channels = network.layerInputSize(0);
        if (outputs != actions || channels % frames.channels() != 0) {
            throw new UserError("Snapshot " + path + " has a network of " + outputs + " actions and " + channels
                    + " input channels, which does not fit " + wanted + ": it was trained on another game." + what);
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
    public PlayingPolicy playing() {
        return playing;
    }
}
