package org.dqnspark.app.visualize;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.app.StoreReadOptions;
import org.dqnspark.core.Seeds;
import org.dqnspark.core.UserError;
import org.dqnspark.core.env.FrameShape;
import org.dqnspark.core.env.Games;
import org.dqnspark.core.env.minatar.MinAtarEnvironment;
import org.dqnspark.core.network.GuidedBackpropagation;
import org.dqnspark.core.network.QNetworks;
import org.dqnspark.core.store.GameRecord;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.core.store.SnapshotStore;
import org.dqnspark.trainer.replay.ReplayBuffer;
import org.dqnspark.trainer.replay.ReplayWindow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dqn visualize}: simple_dqn's nvis. Guided backpropagation of a snapshot's filters and greedy action on
 * states drawn from the run's store, as an HTML page of PNGs ({@link SaliencyPage}).
 */
@Command(name = "visualize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Draws what a snapshot's network looks at, as simple_dqn's nvis did: for states drawn from the"
                + " run's newest transitions, the guided backpropagation (Springenberg et al. 2015) of the greedy"
                + " action's Q-value and of each convolution layer's most active filters back to the screen, as PNGs"
                + " and an index.html that shows them. Needs no display.",
            "Example: dqn visualize --store ./store --run minatar"})
public final class VisualizeCommand implements Callable<Integer> {
    /** The states are drawn from the run's newest transitions (states the latest policies met), at most these. */
    static final int NEWEST_TRANSITIONS = 20_000;

    @Mixin
    StoreReadOptions reader;

    @Option(names = "--run", required = true, paramLabel = "NAME", description = "The run.")
    String run;

    @Option(names = "--snapshot", paramLabel = "latest|EPOCH", defaultValue = "latest",
            description = "The snapshot: the run's latest or an epoch number. Default: ${DEFAULT-VALUE}.")
    String snapshot;

    @Option(names = "--out", paramLabel = "DIR",
            description = "The directory for index.html and its PNGs. Default: <run>-visualize in the current directory.")
    Path out;

    @Option(names = "--states", paramLabel = "N", defaultValue = "4",
            description = "States to draw from the store. Default: ${DEFAULT-VALUE}.")
    int states;

    @Option(names = "--filters", paramLabel = "K", defaultValue = "4",
            description = "Filters shown per convolution layer and state: the K most active. Default: ${DEFAULT-VALUE}.")
    int filters;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the draw of states. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        // Before AWT loads: the pictures are drawn in memory, on machines with no display.
        System.setProperty("java.awt.headless", "true");
        if (states < 1 || filters < 1) {
            throw new UserError("--states and --filters must be at least 1, got " + states + " and " + filters + ".");
        }
        reader.checkRunsExist(List.of(run));
        Path dir = out != null ? out : Path.of(run + "-visualize");
        RunLayout layout = RunLayout.of(reader.store, run);
        SparkSession spark = reader.startSpark("dqn visualize " + run);
        int epoch;
        MultiLayerNetwork network;
        GameRecord game;
        List<byte[]> drawn;
        int historyLength;
        try {
            RunStore store = new RunStore(layout, spark.sparkContext().hadoopConfiguration());
            game = store.game().orElseThrow(() -> new UserError("Run '" + run + "' has no data yet: collect and train"
                    + " it first (dqn cycle --run " + run + " ...)."));
            epoch = snapshotEpoch(new SnapshotStore(store));
            network = load(store, new SnapshotStore(store).path(epoch));
            historyLength = historyLength(network, game.frameShape(), epoch);
            drawn = drawStates(spark, layout, game.frameShape(), historyLength);
        } finally {
            spark.stop();
        }
        FrameShape frame = game.frameShape();
        GuidedBackpropagation guided = new GuidedBackpropagation(network, frame.height(), frame.width());
        List<float[]> floats = drawn.stream().map(VisualizeCommand::scaled).toList();
        SaliencyPage page = page(guided, game, frame);
        String title = "dqn visualize: run " + run + ", snapshot " + SnapshotStore.epochName(epoch) + ", "
                + game.describe();
        int images = page.write(dir, title, floats);
        spec.commandLine().getOut().println("dqn visualize: wrote " + dir.resolve(SaliencyPage.INDEX).toAbsolutePath()
                .normalize() + " (" + floats.size() + " states, " + images + " images; snapshot "
                + SnapshotStore.epochName(epoch) + ")");
        return 0;
    }

    private SaliencyPage page(GuidedBackpropagation guided, GameRecord game, FrameShape frame) {
        int actions = game.actions();
        List<String> actionNames = new ArrayList<>();
        if (Games.MINATAR_FAMILY.equals(Games.familyOf(game.game()))) {
            // MinAtar's action names by the game's minimal action set (MinAtar's action_map: n l u r d f).
            List<String> full = List.of("noop", "left", "up", "right", "down", "fire");
            try (MinAtarEnvironment env = MinAtarEnvironment.open(
                    game.game().substring(MinAtarEnvironment.PREFIX.length()), 0, 0, 1)) {
                for (int a = 0; a < actions; a++) {
                    actionNames.add(full.get(env.nativeAction(a)));
                }
                return new SaliencyPage(guided, StatePictures.minatar(env.channelNames(), frame.height(),
                        frame.width()), actionNames, filters);
            }
        }
        for (int a = 0; a < actions; a++) {
            actionNames.add("action " + a);
        }
        return new SaliencyPage(guided, StatePictures.atari(guided.channels(), frame.height(), frame.width()),
                actionNames, filters);
    }

    private int snapshotEpoch(SnapshotStore snapshots) {
        List<Integer> epochs = snapshots.epochs();
        if (epochs.isEmpty()) {
            throw new UserError("Run '" + run + "' has no snapshot yet (" + snapshots.path(1).getParent() + " holds"
                    + " none): train it first (dqn train --run " + run + " or dqn cycle), then visualize a snapshot.");
        }
        if ("latest".equals(snapshot)) {
            return epochs.get(epochs.size() - 1);
        }
        try {
            int epoch = Integer.parseInt(snapshot.startsWith("epoch-") ? snapshot.substring(6) : snapshot);
            if (epochs.contains(epoch)) {
                return epoch;
            }
        } catch (NumberFormatException e) {
            // told below
        }
        throw new UserError("Unknown --snapshot '" + snapshot + "' for run " + run + ": use latest or one of the"
                + " run's epochs " + epochs + ".");
    }

    private static MultiLayerNetwork load(RunStore store, org.apache.hadoop.fs.Path path) {
        try (InputStream in = store.fileSystem().open(path)) {
            return QNetworks.restore(in, false);
        } catch (IOException | RuntimeException e) {
            throw new UserError("Cannot load snapshot " + path + ": " + e.getMessage(), e);
        }
    }

    /** The frames a state holds: the network's input channels over the frame's (Nature 4, MinAtar 1). */
    private int historyLength(MultiLayerNetwork network, FrameShape frame, int epoch) {
        long channels = network.layerInputSize(0);
        if (channels % frame.channels() != 0) {
            throw new UserError("Snapshot " + SnapshotStore.epochName(epoch) + " of run " + run + " takes " + channels
                    + " input channels, which no history of the run's " + frame + " frames makes.");
        }
        return (int) (channels / frame.channels());
    }

    /**
     * {@link #states} valid states (whole histories, none crossing an episode's start) drawn uniformly from the
     * run's newest transitions, assembled from the stored frames by the trainer's own replay buffers.
     */
    private List<byte[]> drawStates(SparkSession spark, RunLayout layout, FrameShape frame, int historyLength) {
        int partitions = spark.sparkContext().defaultParallelism();
        ReplayWindow window = ReplayWindow.load(spark, layout, NEWEST_TRANSITIONS, "raw", frame.bytes(), historyLength,
                partitions);
        try {
            int wanted = states;
            long total = window.size();
            long drawSeed = seed;
            List<byte[]> drawn = window.buffers().mapPartitionsWithIndex((Integer p, Iterator<ReplayBuffer> it) -> {
                ReplayBuffer buffer = it.next();
                List<byte[]> some = new ArrayList<>();
                int share = (int) Math.ceil((double) wanted * buffer.size() / total);
                if (buffer.validCount() > 0) {
                    SplittableRandom random = new SplittableRandom(Seeds.derive(drawSeed, p));
                    for (int i = 0; i < share; i++) {
                        some.add(buffer.stateBefore(buffer.sampleValidIndex(random)));
                    }
                }
                return some.iterator();
            }, true).collect();
            if (drawn.isEmpty()) {
                throw new UserError("Run '" + run + "' has no whole state among its newest transitions (episodes"
                        + " shorter than the history of " + historyLength + " frames?): collect more.");
            }
            return drawn.subList(0, Math.min(wanted, drawn.size()));
        } finally {
            window.release();
        }
    }

    /** A stored state's bytes as the network reads them: 0..255 scaled to 0..1, in the same order. */
    private static float[] scaled(byte[] state) {
        float[] floats = new float[state.length];
        for (int i = 0; i < state.length; i++) {
            floats[i] = (state[i] & 0xff) / 255f;
        }
        return floats;
    }
}
