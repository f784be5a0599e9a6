package org.dqnspark.core.env;

import java.nio.file.Path;
import java.util.List;
import org.dqnspark.core.UserError;

/** The game a command names: {@code --rom FILE} (ALE) or {@code --game NAME} (built-in). */
public final class Games {
    /** The families of {@link Game#family()}, as reference.conf's {@code dqn.game-defaults} names them. */
    public static final String ATARI_FAMILY = "atari";
    public static final String MINATAR_FAMILY = "minatar";

    private Games() {
    }

    /** The family of a game by the name a run records ({@code breakout}, {@code minatar:breakout}). */
    public static String familyOf(String recordedName) {
        return recordedName.startsWith(MINATAR_FAMILY + ":") ? MINATAR_FAMILY : ATARI_FAMILY;
    }

    /** The built-in games' names, as {@code --game} takes them. */
    public static List<String> builtIn() {
        return BuiltInGame.NAMES;
    }

    /**
     * The game of {@code --rom} or {@code --game}: exactly one of them must be given.
     *
     * @throws UserError when neither or both are given, or the ROM or name is not a game
     */
    public static Game of(Path rom, String game) {
        if ((rom == null) == (game == null)) {
            throw new UserError("Name the game with --rom ROM (an Atari ROM) or --game NAME (built-in: "
                    + String.join(", ", builtIn()) + "), not " + (rom == null ? "neither" : "both") + ".");
        }
        return rom != null ? RomFile.load(rom) : builtIn(game);
    }

    /** The built-in game {@code name}, e.g. {@code minatar:breakout}. */
    public static Game builtIn(String name) {
        if (!builtIn().contains(name)) {
            throw new UserError("Unknown game '" + name + "'. Built-in games: " + String.join(", ", builtIn())
                    + "; an Atari game is named by its ROM: --rom ROM.");
        }
        return new BuiltInGame(name);
    }
}
