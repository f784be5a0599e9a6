package org.dqnspark.collector.demonstrations;

import java.util.Locale;
import java.util.Map;

/**
 * Whether a dataset's name for a game is the game of a ROM (ALE's name): compared without case and punctuation
 * ({@code space_invaders} is Atari-HEAD's {@code space_invaders} and the Atari Grand Challenge's
 * {@code spaceinvaders}), with the Grand Challenge's short names {@code pinball} and {@code revenge}.
 */
final class DatasetGames {
    private static final Map<String, String> SHORT_NAMES = Map.of(
            "pinball", "videopinball",
            "revenge", "montezumarevenge");

    private DatasetGames() {
    }

    static boolean same(String datasetGame, String romGame) {
        String dataset = normal(datasetGame);
        return SHORT_NAMES.getOrDefault(dataset, dataset).equals(normal(romGame));
    }

    private static String normal(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
