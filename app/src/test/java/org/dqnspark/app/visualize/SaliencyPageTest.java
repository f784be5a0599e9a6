package org.dqnspark.app.visualize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqnspark.core.network.CenteredRmsProp;
import org.dqnspark.core.network.GuidedBackpropagation;
import org.dqnspark.core.network.QNetworks;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.core.store.SnapshotStore;
import org.dqnspark.core.store.SnapshotStore.SnapshotCounters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page of a Nature-network snapshot (4 x 84 x 84 states, three convolutions), without a ROM: an untrained network
 * written and read back by the project's snapshot store, on Atari-shaped states of a ball and a paddle that move.
 */
class SaliencyPageTest {
    @TempDir
    Path dir;

    /**
     * A Breakout-like state of 4 frames, oldest first: a wall of bricks, a paddle and a ball that move by {@code step}
     * pixels a frame.
     */
    private static float[] movingBallState(int step) {
        float[] state = new float[4 * 84 * 84];
        for (int f = 0; f < 4; f++) {
            int base = f * 84 * 84;
            for (int y = 12; y < 18; y++) {
                for (int x = 4; x < 80; x++) {
                    state[base + y * 84 + x] = 0.6f;
                }
            }
            int ballX = 20 + f * step;
            int ballY = 40 + f * step;
            for (int y = ballY; y < ballY + 2; y++) {
                for (int x = ballX; x < ballX + 2; x++) {
                    state[base + y * 84 + x] = 1f;
                }
            }
            for (int x = 30 + f; x < 42 + f; x++) {
                state[base + 78 * 84 + x] = 0.8f;
                state[base + 79 * 84 + x] = 0.8f;
            }
        }
        return state;
    }

    @Test
    void aNatureSnapshotsPageShowsTheStateAsRgbTheActionAndFourFiltersOfEachOfThreeConvolutions() throws IOException {
        MultiLayerNetwork untrained = QNetworks.create(QNetworks.nature(4, 4, new CenteredRmsProp(), 3));
        RunStore store = new RunStore(RunLayout.of(dir.resolve("store").toString(), "nature"), new Configuration());
        SnapshotStore snapshots = new SnapshotStore(store);
        snapshots.write(1, untrained, untrained.params(), "dqn {}", new SnapshotCounters(1, 0, 0, 1.0, 0, 0));
        MultiLayerNetwork network = snapshots.read(1).network();

        GuidedBackpropagation guided = new GuidedBackpropagation(network, 84, 84);
        SaliencyPage page = new SaliencyPage(guided, StatePictures.atari(4, 84, 84),
                List.of("noop", "fire", "right", "left"), 4);
        assertEquals(2 + 3 * 4, page.imagesPerState());
        Path out = dir.resolve("page");
        List<float[]> states = new ArrayList<>(List.of(movingBallState(2), movingBallState(3)));
        assertEquals(2 * 14, page.write(out, "a Nature snapshot", states));

        List<BufferedImage> images = PageFiles.assertPage(out, 2, 14, 168, 168);
        for (String layer : List.of("-conv1-", "-conv2-", "-conv3-")) {
            assertEquals(2 * 4, PageFiles.pngs(out).stream().filter(name -> name.contains(layer)).count(),
                    "4 filters of " + layer + " per state");
        }
        for (BufferedImage image : images) {
            assertTrue(PageFiles.colours(image) > 1, "every image has something drawn");
        }
        BufferedImage state = javax.imageio.ImageIO.read(out.resolve("state1-state.png").toFile());
        assertEquals(0x999999, state.getRGB(2 * 50, 2 * 14) & 0xffffff, "a brick, in all three frames: grey");
        int ballOldest = state.getRGB(2 * (20 + 2), 2 * (40 + 2)) & 0xffffff; // frame 1 (red) only
        assertEquals(0xff0000, ballOldest, "the ball where it was two frames ago: red");
        int ballNewest = state.getRGB(2 * (20 + 6), 2 * (40 + 6)) & 0xffffff; // frame 3 (blue) only
        assertEquals(0x0000ff, ballNewest, "the ball now: blue");
        String html = Files.readString(out.resolve("index.html"));
        for (String label : List.of("conv1: the 4 most active of 32 filters", "conv2: the 4 most active of 64 filters",
                "conv3: the 4 most active of 64 filters", "State 2 of 2", "red the oldest of the three")) {
            assertTrue(html.contains(label), label + " in the page");
        }
    }
}
