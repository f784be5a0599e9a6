package org.dqnspark.core.env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.bytedeco.ale.ALEInterface;
import org.dqnspark.core.UserError;

/**
 * An Atari 2600 ROM that ALE supports, checked before anything is loaded or written.
 *
 * <p>ALE recognises a game by the MD5 of its ROM; only then does it know where the game keeps its
 * score, its lives and its game-over flag. So a ROM is accepted only if it exists, is readable, looks
 * like a 2600 cartridge image, and ALE knows its MD5. The bytes travel with the job (a ROM is a few
 * KiB), so executors on other machines need no copy of the user's ROM directory.
 *
 * @param path  where the user's ROM is
 * @param game  ALE's name for the game, e.g. {@code breakout}
 * @param md5   the ROM's MD5, hex
 * @param bytes the ROM image
 */
public record RomFile(String path, String game, String md5, byte[] bytes) implements Game {
    /** Atari 2600 cartridges hold 2 KiB to 64 KiB (bank-switched); anything else is not a ROM. */
    private static final int MIN_ROM_BYTES = 2 * 1024;
    private static final int MAX_ROM_BYTES = 64 * 1024;
    private static final String HOW_TO =
            "ALE accepts only the exact ROM images it knows by MD5 (see the README, section ROMs).";

    /**
     * Reads and checks {@code path}.
     *
     * @throws UserError naming the file and what to do: missing, unreadable, not a ROM, unsupported
     */
    public static RomFile load(Path path) {
        if (!Files.exists(path)) {
            throw new UserError("ROM not found: " + path + "\nPass the path of an Atari 2600 ROM to --rom, for"
                    + " example ../shared/roms/breakout.bin. " + HOW_TO);
        }
        if (Files.isDirectory(path) || !Files.isReadable(path)) {
            throw new UserError("ROM is not a readable file: " + path + "\nCheck the path and its permissions.");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UserError("Cannot read ROM " + path + ": " + e.getMessage(), e);
        }
        if (bytes.length < MIN_ROM_BYTES || bytes.length > MAX_ROM_BYTES) {
            throw new UserError("Not an Atari 2600 ROM: " + path + " has " + bytes.length + " bytes; a"
                    + " cartridge image has 2 KiB to 64 KiB.\n" + HOW_TO);
        }
        String md5 = md5(bytes);
        String game = supportedGame(path).orElseThrow(() -> new UserError("Unsupported ROM: " + path
                + " (MD5 " + md5 + ") is not a ROM image that ALE " + "0.7.3 supports.\n" + HOW_TO
                + " Use the file from ALE's ROM set, e.g. Breakout's MD5 is f34f08e5eb96e500e851a80be3277a56."));
        return new RomFile(path.toString(), game, md5, bytes);
    }

    private static java.util.Optional<String> supportedGame(Path path) {
        try {
            // Throws ("bad optional access") when ALE does not know the ROM's MD5.
            return java.util.Optional.of(ALEInterface.isSupportedROM(path.toString()).get().getString());
        } catch (RuntimeException unsupported) {
            return java.util.Optional.empty();
        }
    }

    static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java platform", e);
        }
    }

    @Override
    public String name() {
        return game;
    }

    @Override
    public String identity() {
        return md5;
    }

    @Override
    public String family() {
        return Games.ATARI_FAMILY;
    }

    @Override
    public String source() {
        return path;
    }

    @Override
    public Environment open(EnvironmentSettings settings, long seed) {
        return new AleEnvironment(this, settings, seed);
    }

    /** Writes the ROM to a private temporary file for ALE to load (on an executor, say); delete it after. */
    public Path writeTemporaryCopy() throws IOException {
        Path file = Files.createTempFile("dqn-" + game + "-", ".bin");
        Files.write(file, bytes);
        return file;
    }
}
