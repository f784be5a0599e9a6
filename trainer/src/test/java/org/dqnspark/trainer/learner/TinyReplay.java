package org.dqnspark.trainer.learner;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.core.Seeds;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.FrameShape;
import org.dqnspark.core.network.QNetworks;
import org.dqnspark.core.network.StateShape;
import org.dqnspark.core.store.Transition;
import org.dqnspark.trainer.TrainSettings;
import org.dqnspark.trainer.replay.ReplayBuffer;

/**
 * MinAtar-shaped replay data for learner tests: frames of 4 x 10 x 10 binary planes, one frame per state,
 * 3 actions, random play with sparse rewards; partition p's buffer is the same in every JVM and thread.
 */
final class TinyReplay {
    static final FrameShape FRAME = new FrameShape(4, 10, 10);
    static final StateShape SHAPE = new StateShape(FRAME, 1);
    static final int ACTIONS = 3;

    private TinyReplay() {
    }

    /** Partition {@code partition}'s buffer: 300 transitions in partition 0, 200 in the others. */
    static ReplayBuffer buffer(int partition) {
        SplittableRandom random = new SplittableRandom(Seeds.derive(7, partition));
        int size = partition == 0 ? 300 : 200;
        ReplayBuffer buffer = new ReplayBuffer(size, FRAME.bytes(), SHAPE.historyLength());
        for (long episode = 1000L * partition; buffer.size() < size; episode++) {
            int length = Math.min(5 + random.nextInt(40), size - buffer.size());
            for (int t = 0; t < length; t++) {
                boolean last = t == length - 1;
                buffer.add(new Transition("tiny", 0, partition, episode, t, frame(random),
                        last ? frame(random) : null, random.nextInt(ACTIONS), 0, random.nextInt(8) == 0 ? 1f : 0f,
                        last, false, false, 0, t + 1, 1f, Transition.SOURCE_RANDOM, Optional.empty()));
            }
        }
        return buffer;
    }

    static List<ReplayBuffer> buffers(int partitions) {
        List<ReplayBuffer> buffers = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            buffers.add(buffer(p));
        }
        return buffers;
    }

    /** The MinAtar network and small minibatches, then {@code overrides} ("key=value"). */
    static TrainSettings settings(String... overrides) {
        List<String> all = new ArrayList<>(List.of("dqn.network.architecture=minatar", "dqn.agent.history-length=1",
                "dqn.train.batch-size=8", "dqn.train.learning-rate=0.001", "dqn.train.sum-gradients=false"));
        all.addAll(List.of(overrides));
        return TrainSettings.from(Settings.withOverrides(all));
    }

    static MultiLayerNetwork network(TrainSettings s) {
        return QNetworks.create(QNetworks.of(s.architecture(), SHAPE, ACTIONS, s.optimizer(), s.sumGradients(),
                s.tdErrorClip(), s.networkSeed()));
    }

    private static byte[] frame(SplittableRandom random) {
        byte[] frame = new byte[FRAME.bytes()];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = random.nextInt(10) == 0 ? (byte) 255 : 0;
        }
        return frame;
    }
}
