package org.dqnspark.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real Atari ROMs for tests, from the directory named by the environment variable {@value #VARIABLE}
 * ({@code .ci/run} points it at ../shared/roms). A test that needs a ROM that is not there is skipped
 * with a message saying how to provide it. Only tests of what exists only with ALE use it (the ALE
 * environment, its preprocessing, ROM files, and the jobs' ALE-specific fields: 84 x 84 frames, lives,
 * no-op starts, action codes); the jobs themselves are tested on the built-in MinAtar games.
 */
public final class TestRoms {
    public static final String VARIABLE = "DQN_ROMS";

    private TestRoms() {
    }

    /** The ROM {@code file} (e.g. {@code breakout.bin}), or the calling test is skipped. */
    public static Path rom(String file) {
        String dir = System.getenv(VARIABLE);
        assumeTrue(dir != null && !dir.isBlank() && !dir.startsWith("${"),
                () -> "skipped: no ROM directory; set " + VARIABLE + " to a directory holding " + file
                        + " (e.g. DQN_ROMS=../shared/roms mvn verify)");
        Path rom = Path.of(dir).resolve(file).toAbsolutePath();
        assumeTrue(Files.isRegularFile(rom), () -> "skipped: " + rom + " not found; put " + file + " in $"
                + VARIABLE + " (" + dir + ")");
        return rom;
    }
}
