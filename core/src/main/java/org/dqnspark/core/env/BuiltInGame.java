package org.dqnspark.core.env;

import java.util.List;
import org.dqnspark.core.env.minatar.MinAtarEnvironment;

/**
 * A built-in game, no ROM needed: one of MinAtar's five (Young &amp; Tian 2019), {@code minatar:asterix},
 * {@code minatar:breakout}, {@code minatar:freeway}, {@code minatar:seaquest} and
 * {@code minatar:space_invaders}. One agent step is
 * one game frame; sticky actions come from {@code dqn.environment.sticky-action-probability} (MinAtar:
 * 0.1) and the episode cap from the environment settings, counted in steps.
 *
 * @param name {@code minatar:<game>}
 */
public record BuiltInGame(String name) implements Game {
    public static final List<String> NAMES = MinAtarEnvironment.GAMES.stream()
            .map(g -> MinAtarEnvironment.PREFIX + g).toList();

    @Override
    public String identity() {
        return name;
    }

    @Override
    public String family() {
        return Games.MINATAR_FAMILY;
    }

    @Override
    public String source() {
        return "built-in";
    }

    @Override
    public Environment open(EnvironmentSettings settings, long seed) {
        return MinAtarEnvironment.open(name.substring(MinAtarEnvironment.PREFIX.length()), seed, settings.stickyActionProbability(),
                settings.maxFramesPerEpisode());
    }
}
