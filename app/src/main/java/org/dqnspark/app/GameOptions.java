package org.dqnspark.app;

import java.nio.file.Path;
import java.util.Optional;
import org.dqnspark.core.env.Game;
import org.dqnspark.core.env.Games;
import picocli.CommandLine.Option;

/** How a command names its game: an Atari ROM ({@code --rom}) or a built-in game ({@code --game}). */
public final class GameOptions {
    @Option(names = "--rom", paramLabel = "ROM",
            description = "An Atari 2600 ROM that ALE supports (checked by MD5), e.g. ../shared/roms/breakout.bin.")
    Path rom;

    @Option(names = "--game", paramLabel = "NAME",
            description = "A built-in game instead of a ROM: minatar:asterix, minatar:breakout, minatar:freeway,"
                    + " minatar:seaquest or minatar:space_invaders (MinAtar; no ROM needed).")
    String game;

    /** The game named; exactly one of --rom and --game is required. */
    Game required() {
        return Games.of(rom, game);
    }

    /** The game named; empty when neither option is given. */
    Optional<Game> optional() {
        return rom == null && game == null ? Optional.empty() : Optional.of(Games.of(rom, game));
    }
}
