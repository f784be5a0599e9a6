package org.dqnspark.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.dqnspark.core.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dqn collect} as a user runs it: exit codes, messages, and what is left in the store. The game is
 * MinAtar Breakout (built in); the ROM checks need no real ROM.
 */
class CollectCommandTest {
    private static final String GAME = "minatar:breakout";
    private static final int STEPS = 200;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int dqn(String... args) {
        return Dqn.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private Path store() {
        return dir.resolve("store");
    }

    private void assertStoreHasNoData() throws Exception {
        if (!Files.exists(store())) {
            return;
        }
        try (Stream<Path> files = Files.walk(store())) {
            assertEquals(0, files.filter(Files::isRegularFile).count(), "files left in the store");
        }
    }

    /** {@code dqn collect} of {@value #STEPS} steps; {@code gameOption} is --rom or --game. */
    private int collect(String gameOption, String game, String... more) {
        String[] base = {"collect", gameOption, game, "--agent-steps", String.valueOf(STEPS), "--actors", "2", "--store",
            store().toString(), "--run", "cli", "--master", "local[2]"};
        String[] args = Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new);
        return dqn(args);
    }

    @Test
    void aMissingRomIsABadInputThatNamesTheFile() throws Exception {
        Path missing = dir.resolve("roms/breakout.bin");
        assertEquals(2, collect("--rom", missing.toString()));
        assertTrue(err.toString().contains("ROM not found: " + missing), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace for bad input: " + err);
        assertStoreHasNoData();
    }

    @Test
    void aFileThatIsNotARomIsABadInput() throws Exception {
        Path text = Files.writeString(dir.resolve("readme.bin"), "not a cartridge");
        assertEquals(2, collect("--rom", text.toString()));
        assertTrue(err.toString().contains("Not an Atari 2600 ROM: " + text), err.toString());
        assertStoreHasNoData();
    }

    @Test
    void anUnsupportedRomIsABadInputThatGivesItsMd5() throws Exception {
        byte[] bytes = new byte[2048];
        new Random(3).nextBytes(bytes);
        Path unknown = Files.write(dir.resolve("unknown.bin"), bytes);
        assertEquals(2, collect("--rom", unknown.toString()));
        assertTrue(err.toString().contains("Unsupported ROM: " + unknown + " (MD5 "), err.toString());
        assertStoreHasNoData();
    }

    @Test
    void anUnknownConfigKeyIsABadInputThatNamesTheKey() throws Exception {
        assertEquals(2, collect("--game", GAME, "--set", "dqn.collect.epsilonn=0.5"));
        assertTrue(err.toString().contains("Unknown setting 'dqn.collect.epsilonn'"), err.toString());
        assertStoreHasNoData();
    }

    @Test
    void aNegativeStepCountIsABadInputAndTheFlagsOldNameStillWorksWithAWarning() throws Exception {
        assertEquals(2, dqn("collect", "--game", GAME, "--steps", "-5", "--store", store().toString(), "--run", "cli"));
        assertTrue(err.toString().contains("--steps is now --agent-steps"), err.toString());
        assertTrue(err.toString().contains("'dqn.collect.agent-steps' must be a positive whole number, got -5"),
                err.toString());
        assertStoreHasNoData();
    }

    @Test
    void aBadRunNameIsABadInput() throws Exception {
        assertEquals(2, dqn("collect", "--game", GAME, "--store", store().toString(), "--run", "../escape"));
        assertTrue(err.toString().contains("Bad run name '../escape'"), err.toString());
        assertStoreHasNoData();
    }

    @Test
    void aMissingRequiredOptionIsAUsageError() {
        assertEquals(2, dqn("collect", "--store", store().toString(), "--game", GAME));
        assertTrue(err.toString().contains("Missing required option: '--run=NAME'"), err.toString());
    }

    @Test
    void aMissingGameSaysToNameARomOrABuiltInGame() {
        assertEquals(2, dqn("collect", "--store", store().toString(), "--run", "cli"));
        assertTrue(err.toString().contains("Name the game with --rom ROM"), err.toString());
        assertTrue(err.toString().contains("--game NAME"), err.toString());
    }

    @Test
    void collectWritesTheTransitionsThatSparkSqlReadsBack() {
        assertEquals(0, collect("--game", GAME), err.toString());
        long rows = TestSpark.session().read().parquet(store().resolve("cli/transitions").toString()).count();
        assertEquals(STEPS, rows);
    }

    @Test
    void helpListsTheCollectCommand() {
        assertEquals(0, dqn("--help"));
        assertTrue(out.toString().contains("collect"), out.toString());
    }
}
