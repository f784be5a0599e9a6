package org.dqnspark.collector.demonstrations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.dqnspark.core.UserError;
import org.dqnspark.core.env.RomFile;
import org.dqnspark.core.store.RunLayout;
import org.dqnspark.core.store.RunStore;
import org.dqnspark.core.store.TransitionSchema;
import org.dqnspark.core.testing.TestRoms;
import org.dqnspark.core.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both datasets' formats, written from real ALE play by the test, imported into a run on real Spark and Parquet,
 * and compared with what the collector's own environment observed of the same play.
 */
class DemonstrationImportTest {
    /** ALE's ids. */
    private static final int FIRE = 1;
    private static final int RIGHT = 3;
    private static final int UPRIGHT = 6;
    private static final int UPFIRE = 10;

    @TempDir
    Path dir;

    private RunStore run(String name) {
        return new RunStore(RunLayout.of(dir.resolve("store").toString(), name), new Configuration());
    }

    private static ImportReport importInto(RunStore run, DatasetFormat format, Path rom, Path... paths) {
        DemonstrationImport job = new DemonstrationImport(TestSpark.session(),
                new PrintStream(new ByteArrayOutputStream(), true));
        return job.run(new DemonstrationImport.Request(format, List.of(paths), Optional.empty(), RomFile.load(rom),
                RecordedPlay.ENVIRONMENT, "# test settings\n"), run);
    }

    private List<Row> transitions(String run) {
        return TestSpark.session().read().parquet(dir.resolve("store").resolve(run).resolve("transitions").toString())
                .orderBy(TransitionSchema.ITERATION, TransitionSchema.EPISODE_ID, TransitionSchema.EPISODE_STEP)
                .collectAsList();
    }

    /** Every imported step against the collector's: frame, action, reward, frames, and how the episode ended. */
    private static void assertSameAsCollected(RecordedPlay play, List<Row> rows, int steps) {
        assertEquals(steps, rows.size());
        for (int t = 0; t < steps; t++) {
            Row row = rows.get(t);
            assertArrayEquals(play.observations().get(t), row.getAs(TransitionSchema.FRAME), "frame of step " + t);
            assertEquals(play.actions().get(t), row.<Integer>getAs(TransitionSchema.ACTION), "action of step " + t);
            assertEquals(play.rewards().get(t), row.<Float>getAs(TransitionSchema.REWARD), "reward of step " + t);
            assertEquals(4 * (t + 1), row.<Integer>getAs(TransitionSchema.EPISODE_FRAME));
            assertEquals(t, row.<Integer>getAs(TransitionSchema.EPISODE_STEP));
            assertEquals("human", row.getAs(TransitionSchema.SOURCE));
            assertEquals(0f, row.<Float>getAs(TransitionSchema.EPSILON));
            assertFalse(row.<Boolean>getAs(TransitionSchema.GAME_OVER));
            assertEquals(t == steps - 1, row.<Boolean>getAs(TransitionSchema.TRUNCATED), "truncated at step " + t);
        }
        assertArrayEquals(play.observations().get(steps), rows.get(steps - 1).getAs(TransitionSchema.NEXT_FRAME));
        assertNull(rows.get(0).getAs(TransitionSchema.NEXT_FRAME));
    }

    @Test
    void anAgcTrajectoryImportsExactlyTheCollectorsFramesActionsAndRewards() throws IOException {
        Path rom = TestRoms.rom("space_invaders.bin");
        RecordedPlay play = RecordedPlay.play(rom, 41, 7);
        // 161 rows: 160 frames, 40 agent steps, and two frames more (an unfinished step); FIRE recorded as UPFIRE.
        Path trajectory = DatasetFiles.agc(dir.resolve("agc"), "spaceinvaders", 3, play, 162,
                a -> a == FIRE ? UPFIRE : a, List.of());
        long fires = play.actions().subList(0, 40).stream().filter(a -> a == 1).count(); // index 1 is FIRE here

        ImportReport report = importInto(run("si"), DatasetFormat.AGC, rom, trajectory);

        assertSameAsCollected(play, transitions("si"), 40);
        assertEquals(1, report.trials());
        assertEquals(List.of(0), report.iterations());
        assertEquals(40, report.agentSteps());
        assertEquals(160, report.frames());
        assertEquals(fires, report.mappedActions());
        assertEquals(fires > 0 ? Map.of("UPFIRE -> FIRE", fires) : Map.of(), report.mapped());
        assertEquals(Map.of(AgentSteps.UNFINISHED_STEP, 2L), report.skipped());
        assertEquals(List.of(0), run("si").recordedIterations(), "recorded as dqn play's episodes are");
    }

    @Test
    void anAtariHeadTrialFromItsTarBz2ImportsExactlyTheCollectorsFrames() throws IOException {
        Path rom = TestRoms.rom("breakout.bin");
        RecordedPlay play = RecordedPlay.play(rom, 30, 5);
        // 121 rows: the last row's action has no screen after it; RIGHT recorded as UPRIGHT.
        Path trial = DatasetFiles.atariHead(dir.resolve("head").resolve("breakout"), "123_TS_1_Dec-06-07-00-00", play,
                120, a -> a == RIGHT ? UPRIGHT : a, Integer.MAX_VALUE);

        ImportReport report = importInto(run("breakout"), DatasetFormat.ATARI_HEAD, rom, trial.getParent());

        assertSameAsCollected(play, transitions("breakout"), 30);
        assertEquals(30, report.agentSteps());
        assertEquals(play.frameActions().subList(0, 120).stream().filter(a -> a == RIGHT).count() / 4,
                report.mapped().getOrDefault("UPRIGHT -> RIGHT", 0L));
        assertEquals(Map.of(AtariHeadTrials.LAST_ROW, 1L), report.skipped());
    }

    @Test
    void anEpisodeIdChangeEndsTheFirstEpisodeByGameOverAndTheTrialsEndTruncatesTheLast() throws IOException {
        Path rom = TestRoms.rom("breakout.bin");
        RecordedPlay play = RecordedPlay.play(rom, 20, 5);
        // Episode 0: rows 0-40 (40 frames, 10 agent steps); episode 1: rows 41-80 (39 frames: 9 steps and 3 left).
        Path trial = DatasetFiles.atariHead(dir.resolve("head").resolve("breakout"), "7_TS_2", play, 80, a -> a, 41);

        ImportReport report = importInto(run("episodes"), DatasetFormat.ATARI_HEAD, rom, trial);

        List<Row> rows = transitions("episodes");
        assertEquals(2, report.episodes());
        assertEquals(1, report.gameOvers());
        assertEquals(19, rows.size());
        assertTrue(rows.get(9).<Boolean>getAs(TransitionSchema.GAME_OVER));
        assertFalse(rows.get(9).<Boolean>getAs(TransitionSchema.TRUNCATED));
        assertTrue(rows.get(18).<Boolean>getAs(TransitionSchema.TRUNCATED));
        assertTrue(rows.get(9).<Long>getAs(TransitionSchema.EPISODE_ID) < rows.get(10).<Long>getAs(TransitionSchema.EPISODE_ID));
        for (int t = 0; t < 10; t++) {
            assertArrayEquals(play.observations().get(t), rows.get(t).getAs(TransitionSchema.FRAME), "step " + t);
        }
        assertEquals(Map.of(AtariHeadTrials.LAST_ROW, 2L, AgentSteps.UNFINISHED_STEP, 3L), report.skipped());
    }

    @Test
    void importingTheSameTrialAgainAddsNothingAndNamesIt() throws IOException {
        Path rom = TestRoms.rom("space_invaders.bin");
        RecordedPlay play = RecordedPlay.play(rom, 10, 3);
        Path trajectory = DatasetFiles.agc(dir.resolve("agc"), "spaceinvaders", 1, play, 40, a -> a, List.of(40));
        importInto(run("again"), DatasetFormat.AGC, rom, trajectory);

        ImportReport again = importInto(run("again"), DatasetFormat.AGC, rom, dir.resolve("agc"));

        assertEquals(0, again.trials());
        assertEquals(List.of(), again.iterations());
        assertEquals(1, again.alreadyImported().size());
        assertTrue(again.alreadyImported().get(0).startsWith("1 ("), again.alreadyImported().toString());
        assertEquals(10, transitions("again").size());
        assertEquals(List.of(0), run("again").committedIterations());
        assertTrue(transitions("again").get(9).<Boolean>getAs(TransitionSchema.GAME_OVER), "a terminal row ends it");
    }

    @Test
    void aTrialOfAnotherGameIsRefusedNamingItsFileAndNothingIsWritten() throws IOException {
        RecordedPlay play = RecordedPlay.play(TestRoms.rom("space_invaders.bin"), 5, 3);
        Path trajectory = DatasetFiles.agc(dir.resolve("agc"), "spaceinvaders", 2, play, 20, a -> a, List.of());

        UserError e = assertThrows(UserError.class,
                () -> importInto(run("other"), DatasetFormat.AGC, TestRoms.rom("breakout.bin"), trajectory));

        assertTrue(e.getMessage().startsWith(trajectory + " is a trial of 'spaceinvaders'"), e.getMessage());
        assertTrue(e.getMessage().contains("is breakout"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("store").resolve("other")));
    }

    @Test
    void aMalformedRowInAnyTrialStopsTheImportNamingTheLineBeforeAnythingIsCommitted() throws IOException {
        Path rom = TestRoms.rom("space_invaders.bin");
        RecordedPlay play = RecordedPlay.play(rom, 5, 3);
        DatasetFiles.agc(dir.resolve("agc"), "spaceinvaders", 1, play, 20, a -> a, List.of());
        Path bad = DatasetFiles.agc(dir.resolve("agc"), "spaceinvaders", 2, play, 20, a -> a, List.of());
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(bad));
        lines.set(6, "4,0, 0, Maybe, 1");
        Files.write(bad, lines);

        UserError e = assertThrows(UserError.class, () -> importInto(run("bad"), DatasetFormat.AGC, rom,
                dir.resolve("agc")));

        assertTrue(e.getMessage().startsWith(bad + ":7: terminal is 'Maybe'"), e.getMessage());
        assertEquals(List.of(), run("bad").committedIterations());
    }

    @Test
    void aMissingScreenStopsTheImportAndCommitsNoTrialOfIt() throws IOException {
        Path rom = TestRoms.rom("space_invaders.bin");
        RecordedPlay play = RecordedPlay.play(rom, 5, 3);
        DatasetFiles.agc(dir.resolve("agc"), "spaceinvaders", 1, play, 20, a -> a, List.of());
        DatasetFiles.agc(dir.resolve("agc"), "spaceinvaders", 2, play, 20, a -> a, List.of());
        Path missing = dir.resolve("agc/screens/spaceinvaders/2/8.png");
        Files.delete(missing);

        UserError e = assertThrows(UserError.class, () -> importInto(run("missing"), DatasetFormat.AGC, rom,
                dir.resolve("agc")));

        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertEquals(List.of(), run("missing").committedIterations(), "trial 1 was staged, and is not committed");
        Path staging = dir.resolve("store/missing/_staging");
        assertTrue(!Files.exists(staging) || Files.list(staging).findAny().isEmpty(), "nothing staged is left");
    }

    @Test
    void aWrongHeaderIsRefusedNamingTheFile() throws IOException {
        Path rom = TestRoms.rom("breakout.bin");
        RecordedPlay play = RecordedPlay.play(rom, 3, 3);
        Path trial = DatasetFiles.atariHead(dir.resolve("breakout"), "5_TS_3", play, 12, a -> a, Integer.MAX_VALUE);
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(trial));
        lines.set(0, "frame_id,episode_id,score,duration(ms),unclipped_reward,action");
        Files.write(trial, lines);

        UserError e = assertThrows(UserError.class, () -> importInto(run("header"), DatasetFormat.ATARI_HEAD, rom,
                trial));

        assertTrue(e.getMessage().startsWith(trial + ":1: the header is"), e.getMessage());
    }
}
