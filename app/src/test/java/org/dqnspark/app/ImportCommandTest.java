package org.dqnspark.app;

import static org.dqnspark.app.CommandRun.dqn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dqnspark.collector.demonstrations.DatasetFiles;
import org.dqnspark.collector.demonstrations.RecordedPlay;
import org.dqnspark.core.testing.TestRoms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dqn import} end to end in this JVM: the report it prints, and exit code 2 on bad input. */
class ImportCommandTest {
    @TempDir
    Path dir;

    private CommandRun importAgc(Path rom, Path data) {
        return dqn("import", "--format", "agc", "--rom", rom.toString(), "--store", dir.resolve("store").toString(),
                "--run", "human", "--set", "dqn.spark.master=\"local[1]\"", data.toString());
    }

    @Test
    void anImportReportsWhatItImportedAndASecondImportOfTheSameTrialAddsNothing() throws Exception {
        Path rom = TestRoms.rom("space_invaders.bin");
        RecordedPlay play = RecordedPlay.play(rom, 10, 2);
        DatasetFiles.agc(dir.resolve("agc"), "spaceinvaders", 4, play, 40, a -> a == 1 ? 10 : a, List.of(40));

        CommandRun first = importAgc(rom, dir.resolve("agc"));
        assertEquals(0, first.exit(), first.err() + first.out());
        assertTrue(first.out().contains("import: 1 trial imported into run human as iteration 0: 1 episode (1 ended"
                + " by game over, 0 truncated), 10 agent steps from 40 emulator frames"), first.out());
        assertTrue(first.out().contains("import: trial 1/1 4 ("), first.out());

        CommandRun again = importAgc(rom, dir.resolve("agc"));
        assertEquals(0, again.exit(), again.err() + again.out());
        assertTrue(again.out().contains("import: 0 trials imported into run human"), again.out());
        assertTrue(again.out().contains("1 trial was already in the run and added nothing: 4 ("), again.out());
    }

    @Test
    void aMalformedTrajectoryStopsTheImportWithExitTwoNamingItsLineAndTheRunGetsNoIteration() throws Exception {
        Path rom = TestRoms.rom("space_invaders.bin");
        RecordedPlay play = RecordedPlay.play(rom, 3, 2);
        Path file = DatasetFiles.agc(dir.resolve("agc"), "spaceinvaders", 1, play, 12, a -> a, List.of());
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(4, "2,0,0,False");
        Files.write(file, lines);

        CommandRun ran = importAgc(rom, file);

        assertEquals(2, ran.exit(), ran.err() + ran.out());
        assertTrue(ran.err().startsWith("dqn import: " + file + ":5: a row has 5 fields"), ran.err());
        assertFalse(Files.exists(dir.resolve("store/human/transitions")));
    }

    @Test
    void aTrajectoryOfAnotherGameStopsTheImportWithExitTwoSayingWhatToDo() throws Exception {
        RecordedPlay play = RecordedPlay.play(TestRoms.rom("space_invaders.bin"), 3, 2);
        Path file = DatasetFiles.agc(dir.resolve("agc"), "spaceinvaders", 1, play, 12, a -> a, List.of());

        CommandRun ran = importAgc(TestRoms.rom("breakout.bin"), file);

        assertEquals(2, ran.exit(), ran.err() + ran.out());
        assertTrue(ran.err().contains("is a trial of 'spaceinvaders'"), ran.err());
        assertTrue(ran.err().contains("--dataset-game"), ran.err());
    }
}
