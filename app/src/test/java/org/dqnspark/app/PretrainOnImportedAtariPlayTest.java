package org.dqnspark.app;

import static org.dqnspark.app.CommandRun.dqn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.dqnspark.collector.demonstrations.DatasetFiles;
import org.dqnspark.collector.demonstrations.RecordedPlay;
import org.dqnspark.core.testing.TestRoms;
import org.dqnspark.core.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Atari path from a public dataset to a score, as a user runs it: a small Atari-HEAD trial of Breakout (with
 * its .tar.bz2 of screens) and a small Atari Grand Challenge trajectory of Space Invaders, written from real ALE
 * play, are imported ({@code dqn import}), pre-trained on with DQfD's loss on the Nature network ({@code dqn train
 * --pretrain}) and evaluated ({@code dqn evaluate}). Sizes are tiny: this shows the path runs end to end, not
 * that it learns (LearningFromDemonstrationsTest in bench/ does that on MinAtar).
 */
class PretrainOnImportedAtariPlayTest {
    @TempDir
    Path dir;

    /** A few updates, a tiny replay start, two short evaluation games. */
    private static final String[] SETTINGS = {"--set", "dqn.spark.master=\"local[2]\"",
        "--set", "dqn.train.replay-start-size=0", "--set", "dqn.train.held-out-states=16",
        "--set", "dqn.train.updates-per-fit=4", "--set", "dqn.demonstrations.agreement-states=32",
        "--set", "dqn.evaluate.games=2", "--set", "dqn.environment.evaluation-max-frames-per-episode=400"};

    private static String[] with(String[] settings, String... args) {
        String[] all = new String[args.length + settings.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(settings, 0, all, args.length, settings.length);
        return all;
    }

    private void importPretrainAndEvaluate(String format, Path rom, Path trial, String run) {
        String store = dir.resolve("store").toString();
        CommandRun imported = dqn(with(SETTINGS, "import", "--format", format, "--rom", rom.toString(), "--store",
                store, "--run", run, trial.toString()));
        assertEquals(0, imported.exit(), imported.err() + imported.out());
        assertTrue(imported.out().contains("1 trial imported into run " + run), imported.out());

        CommandRun pretrained = dqn(with(SETTINGS, "train", "--store", store, "--run", run, "--pretrain", "--updates",
                "8"));
        assertEquals(0, pretrained.exit(), pretrained.err() + pretrained.out());
        assertTrue(pretrained.out().contains("Deep Q-learning from Demonstrations, pre-training"), pretrained.out());
        assertTrue(pretrained.out().contains("of demonstration states"), pretrained.out());

        CommandRun evaluated = dqn(with(SETTINGS, "evaluate", "--store", store, "--run", run, "--rom", rom.toString()));
        assertEquals(0, evaluated.exit(), evaluated.err() + evaluated.out());

        Row training = TestSpark.session().read().parquet(dir.resolve("store/" + run + "/training").toString())
                .select("phase", "total_updates", "demonstration_agreement", "meancost").first();
        assertEquals("pretrain", training.getString(0));
        assertEquals(8, training.getLong(1));
        assertTrue(training.getDouble(2) >= 0 && training.getDouble(2) <= 1, "agreement " + training.get(2));
        assertTrue(Double.isFinite(training.getDouble(3)), "loss " + training.get(3));
        List<Row> games = TestSpark.session().read().parquet(dir.resolve("store/" + run + "/evaluations").toString())
                .select("score", "frames").collectAsList();
        assertEquals(2, games.size());
        games.forEach(g -> assertTrue(g.getInt(1) > 0 && g.getInt(1) <= 400, "frames " + g.get(1)));
    }

    @Test
    void anAtariHeadTrialOfBreakoutImportsPretrainsAndEvaluates() throws Exception {
        Path rom = TestRoms.rom("breakout.bin");
        RecordedPlay play = RecordedPlay.play(rom, 60, 5);
        Path trial = DatasetFiles.atariHead(dir.resolve("atari-head/breakout"), "1_TS_1", play, 240, a -> a,
                Integer.MAX_VALUE);
        importPretrainAndEvaluate("atari-head", rom, trial, "head");
    }

    @Test
    void anAtariGrandChallengeTrajectoryOfSpaceInvadersImportsPretrainsAndEvaluates() throws Exception {
        Path rom = TestRoms.rom("space_invaders.bin");
        RecordedPlay play = RecordedPlay.play(rom, 60, 5);
        Path trajectory = DatasetFiles.agc(dir.resolve("agc"), "spaceinvaders", 3, play, 240, a -> a, List.of());
        importPretrainAndEvaluate("agc", rom, trajectory, "agc");
    }
}
