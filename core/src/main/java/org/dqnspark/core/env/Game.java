package org.dqnspark.core.env;

import java.io.Serializable;

/**
 * A game the jobs can play: an Atari ROM through ALE ({@link RomFile}) or a built-in MinAtar game
 * ({@link BuiltInGame}). Serializable, so it travels to the executors with a job; each task opens its
 * own {@link Environment}.
 */
public interface Game extends Serializable {
    /** The game's name as runs, snapshots and tables record it: {@code breakout}, {@code minatar:breakout}. */
    String name();

    /**
     * What a run checks to refuse mixing games: for a ROM its MD5 (two ROM files of one game are the same
     * game only if their bytes are), for a built-in game its name.
     */
    String identity();

    /** Where it comes from, for messages: the ROM's path, or {@code built-in}. */
    String source();

    /**
     * The family of games this one belongs to ({@code atari}, {@code minatar}): the settings under
     * {@code dqn.game-defaults.<family>} in reference.conf apply to it unless the user sets them.
     */
    String family();

    /** A new environment of this game. */
    Environment open(EnvironmentSettings settings, long seed);
}
