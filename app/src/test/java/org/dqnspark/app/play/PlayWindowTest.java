package org.dqnspark.app.play;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dqnspark.app.Dqn;
import org.dqnspark.app.TinyCycleRuns;
import org.dqnspark.core.env.minatar.MinAtarPalette;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.core.store.StoreTables;
import org.dqnspark.core.testing.TestRoms;
import org.dqnspark.core.testing.TestSpark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dqn play} for real: its window on an X server of the test's own (Xvfb), played with {@link java.awt.Robot}
 * key presses in step mode ({@link PlayDriver}, in a JVM of its own whose DISPLAY is that server), recorded into a
 * real store that Spark reads back. The MinAtar screenshot is the README's (docs/make-pictures.sh copies it).
 */
class PlayWindowTest {
    /** Where the screenshots go; docs/make-pictures.sh copies the MinAtar one into docs/. */
    static final Path SCREENSHOTS = Path.of("target", "play-window").toAbsolutePath();

    private static VirtualDisplay display;

    @TempDir
    Path store;

    @TempDir
    Path logs;

    @BeforeAll
    static void startDisplay() throws Exception {
        display = VirtualDisplay.start();
    }

    @AfterAll
    static void stopDisplay() throws Exception {
        if (display != null) {
            display.close();
        }
    }

    private static String conf(String name) {
        return Path.of("..", "conf", name).toAbsolutePath().normalize().toString();
    }

    private ChildJvm drive(Path screenshot, List<String> script, List<String> play) throws IOException {
        List<String> args = new ArrayList<>();
        args.add(screenshot.toString());
        args.addAll(script);
        args.add("--");
        args.addAll(play);
        return ChildJvm.start(logs.resolve("driver.log"), display.display(), PlayDriver.class, args);
    }

    /** The recorded transitions of {@code run}, in play order: iteration, step, source, action, snapshot, ends. */
    private List<Row> recorded(String run) {
        SparkSession spark = TestSpark.session();
        StoreTables.register(spark, store.toString());
        RunStore runStore = new RunStore(RunLayout.of(store.toString(), run), new Configuration());
        String iterations = runStore.recordedIterations().toString().replace('[', '(').replace(']', ')');
        return spark.sql("SELECT iteration, episode_step, source, action, policy_snapshot, game_over, truncated,"
                + " epsilon FROM transitions WHERE run = '" + run + "' AND iteration IN " + iterations
                + " ORDER BY iteration, episode_step").collectAsList();
    }

    /**
     * Every recorded iteration is one whole episode with its episodes row: ended by game over, but for the
     * last, which closing the window may have cut (truncated).
     */
    private void checkEpisodesCommittedAsTheyEnded(String run, List<Row> rows, String output) {
        RunStore runStore = new RunStore(RunLayout.of(store.toString(), run), new Configuration());
        List<Integer> iterations = runStore.recordedIterations();
        assertFalse(iterations.isEmpty());
        for (int k = 0; k < iterations.size(); k++) {
            int iteration = iterations.get(k);
            List<Row> episode = rows.stream().filter(r -> r.getInt(0) == iteration).toList();
            Row last = episode.get(episode.size() - 1);
            assertEquals(1, episode.stream().filter(r -> r.getBoolean(5) || r.getBoolean(6)).count(),
                    "iteration " + iteration + " is one episode, ended once");
            assertTrue(last.getBoolean(5) || (k == iterations.size() - 1 && last.getBoolean(6)),
                    "iteration " + iteration + " ends by game over, or is the episode Esc cut: " + last);
            assertTrue(Files.isDirectory(store.resolve(run).resolve("episodes").resolve("iteration=" + iteration)));
        }
        assertEquals(iterations.size(), output.lines().filter(l -> l.contains("play: committed episode")).count(),
                output);
    }

    /** Source and action of each row, as "human:1". */
    private static List<String> sourcesAndActions(List<Row> rows) {
        return rows.stream().map(r -> r.getString(2) + ":" + r.getInt(3)).toList();
    }

    @Test
    void aPersonPlaysMinAtarBreakoutWithTheArrowsAndHandsControlToTheSnapshotWithM() throws Exception {
        TinyCycleRuns.build(store, "minatar", 1);
        Path screenshot = SCREENSHOTS.resolve("play-minatar-breakout.png");
        Files.deleteIfExists(screenshot);
        // Breakout's actions: NOOP, LEFT, RIGHT. LEFT+FIRE is LEFT (it has no FIRE); UP and no key are NOOP.
        ChildJvm driver = drive(screenshot, List.of("step", "step", "m", "step:LEFT", "step:RIGHT", "step:RIGHT",
                "step", "step:LEFT+FIRE", "step:UP", "shot", "m", "step", "step"),
                List.of("play", "--game", "minatar:breakout", "--store", store.toString(), "--run", "minatar",
                        "--policy", "latest", "--step-mode", "--conf", conf("minatar.conf"), "--set",
                        "dqn.spark.master=\"local[2]\""));
        assertEquals(0, driver.await(Duration.ofMinutes(4)), driver.output());

        List<Row> rows = recorded("minatar");
        assertEquals(List.of("agent:", "agent:", "human:1", "human:2", "human:2", "human:0", "human:1", "human:0",
                "agent:", "agent:"), sourcesAndActions(rows).stream()
                .map(s -> s.startsWith("agent") ? "agent:" : s).toList(), driver.output());
        for (Row row : rows) {
            boolean human = row.getString(2).equals("human");
            assertEquals(human ? null : "epoch-1", row.isNullAt(4) ? null : row.getString(4), row.toString());
            assertEquals(human ? 0f : 0.05f, row.getFloat(7), 1e-6, "a person plays greedily: " + row);
        }
        checkEpisodesCommittedAsTheyEnded("minatar", rows, driver.output());

        BufferedImage shot = ImageIO.read(screenshot.toFile());
        Set<Integer> colours = colours(shot, 400, 400);
        // Breakout's bricks, its 4th channel, in MinAtar's display colour; black around them; not a blank window.
        assertTrue(colours.contains(new MinAtarPalette(4).colour(3)), "bricks shown: " + colours);
        assertTrue(colours.contains(0), "black background");
        assertTrue(colours.size() >= 3, "more than bricks on black: " + colours);
    }

    @Test
    void aPersonPlaysAtariBreakoutAndTheKeysMapOntoItsMinimalActionSet() throws Exception {
        Path rom = TestRoms.rom("breakout.bin");
        Path screenshot = SCREENSHOTS.resolve("play-atari-breakout.png");
        // Breakout's actions: NOOP, FIRE, RIGHT, LEFT. LEFT+FIRE has no action of its own: FIRE; UP is NOOP.
        ChildJvm driver = drive(screenshot, List.of("step", "m", "step:FIRE", "step:RIGHT", "step:LEFT",
                "step:LEFT+FIRE", "step:UP", "step", "shot", "m", "step"),
                List.of("play", "--rom", rom.toString(), "--store", store.toString(), "--run", "atari",
                        "--policy", "random", "--step-mode", "--set", "dqn.spark.master=\"local[2]\""));
        assertEquals(0, driver.await(Duration.ofMinutes(3)), driver.output());

        List<Row> rows = recorded("atari");
        List<String> played = sourcesAndActions(rows);
        assertEquals(List.of("human:1", "human:2", "human:3", "human:1", "human:0", "human:0"), played.subList(1, 7),
                driver.output());
        assertTrue(played.get(0).startsWith("random:") && played.get(7).startsWith("random:"), played.toString());
        checkEpisodesCommittedAsTheyEnded("atari", rows, driver.output());

        BufferedImage shot = ImageIO.read(screenshot.toFile());
        assertTrue(shot.getWidth() >= 160 * 3 && shot.getHeight() > 210 * 3, "the screen at scale 3 and the status");
        Set<Integer> colours = colours(shot, 480, 630);
        assertTrue(colours.size() >= 8, "Breakout's rainbow of bricks, walls and score: " + colours.size());
        assertTrue(colours.stream().anyMatch(c -> (c >> 16 & 0xff) > 150 && (c >> 8 & 0xff) < 100
                && (c & 0xff) < 100), "the red row of bricks");
    }

    @Test
    void aPlayKilledWithSigkillMidEpisodeLeavesEveryFinishedEpisodeAndNothingPartial() throws Exception {
        ChildJvm play = ChildJvm.start(logs.resolve("play.log"), display.display(), Dqn.class, List.of("play",
                "--game", "minatar:breakout", "--store", store.toString(), "--run", "killed", "--policy", "random",
                "--speed", "40", "--set", "dqn.spark.master=\"local[2]\""));
        play.awaitLines("play: committed episode", 2, Duration.ofMinutes(3));
        Thread.sleep(150);
        play.kill();

        RunStore run = new RunStore(RunLayout.of(store.toString(), "killed"), new Configuration());
        // What the next command on the run does first: whatever the kill left half done is finished or undone.
        run.recoverInterruptedCommits();
        List<Row> rows = recorded("killed");
        List<Integer> iterations = run.recordedIterations();
        assertTrue(iterations.size() >= 2, play.output());
        assertEquals(iterations, run.committedIterations());
        for (int iteration : iterations) {
            List<Row> episode = rows.stream().filter(r -> r.getInt(0) == iteration).toList();
            assertTrue(episode.get(episode.size() - 1).getBoolean(5), "a whole game, to its game over: " + iteration);
            for (int step = 0; step < episode.size(); step++) {
                assertEquals(step, episode.get(step).getInt(1), "no step missing");
            }
        }
        assertEquals(iterations.size(), TestSpark.session().sql("SELECT * FROM episodes WHERE run = 'killed'")
                .count());
        assertFalse(Files.exists(store.resolve("killed").resolve("_staging"))
                && Files.list(store.resolve("killed").resolve("_staging")).findAny().isPresent(), "nothing staged");
    }

    @Test
    void withoutADisplayPlayStopsAtOnceWithExitCode2NamingDisplayXvfbRunAndRecord() throws Exception {
        ChildJvm play = ChildJvm.start(logs.resolve("headless.log"), null, Dqn.class,
                List.of("play", "--game", "minatar:breakout"));
        assertEquals(2, play.await(Duration.ofMinutes(1)), play.output());
        String output = play.output();
        assertTrue(output.contains("DISPLAY") && output.contains("xvfb-run") && output.contains("dqn record"), output);
    }

    /** The distinct colours of the image's top-left {@code width x height} pixels (the game's screen). */
    private static Set<Integer> colours(BufferedImage image, int width, int height) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < Math.min(height, image.getHeight()); y++) {
            for (int x = 0; x < Math.min(width, image.getWidth()); x++) {
                colours.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        return colours;
    }
}
