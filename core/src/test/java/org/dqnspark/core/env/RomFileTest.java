package org.dqnspark.core.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.dqnspark.core.UserError;
import org.dqnspark.core.testing.TestRoms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RomFileTest {
    @TempDir
    Path dir;

    @Test
    void aSupportedRomIsNamedByAle() {
        RomFile rom = RomFile.load(TestRoms.rom("breakout.bin"));
        assertEquals("breakout", rom.game());
        assertEquals("f34f08e5eb96e500e851a80be3277a56", rom.md5());
        assertEquals(2048, rom.bytes().length);
    }

    @Test
    void aMissingRomIsNamedWithWhatToDo() {
        Path missing = dir.resolve("nope.bin");
        UserError e = assertThrows(UserError.class, () -> RomFile.load(missing));
        assertTrue(e.getMessage().contains("ROM not found: " + missing), e.getMessage());
        assertTrue(e.getMessage().contains("--rom"), e.getMessage());
    }

    @Test
    void aTextFileIsNotARom() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.bin"), "these are not the bytes you are looking for\n");
        UserError e = assertThrows(UserError.class, () -> RomFile.load(text));
        assertTrue(e.getMessage().startsWith("Not an Atari 2600 ROM: " + text), e.getMessage());
    }

    @Test
    void aDirectoryIsNotReadableAsARom() {
        UserError e = assertThrows(UserError.class, () -> RomFile.load(dir));
        assertTrue(e.getMessage().contains("not a readable file"), e.getMessage());
    }

    @Test
    void aCartridgeSizedFileWithAnUnknownMd5IsUnsupported() throws Exception {
        byte[] bytes = new byte[4096];
        new Random(1).nextBytes(bytes);
        Path unknown = Files.write(dir.resolve("homebrew.bin"), bytes);
        UserError e = assertThrows(UserError.class, () -> RomFile.load(unknown));
        assertTrue(e.getMessage().startsWith("Unsupported ROM: " + unknown), e.getMessage());
        assertTrue(e.getMessage().contains("MD5 " + RomFile.md5(bytes)), e.getMessage());
    }
}
