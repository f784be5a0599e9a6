package org.dqnspark.core.env;

/**
 * A game the agent plays, one agent step at a time, seen as preprocessed frames.
 *
 * <p>Implementations own their frame buffer: {@link #observation()} returns the latest frame and is
 * overwritten by the next {@link #reset()} or {@link #step(int)}; callers that keep a frame copy it.
 */
public interface Environment extends AutoCloseable {
    /** The game's name, as recorded in runs and snapshots (for ALE: the ROM's name, e.g. {@code breakout}). */
    String game();

    /** The number of actions the agent chooses from (for ALE: the game's minimal action set). */
    int actionCount();

    /** The emulator's own code for {@code action}, an index into the action set (for ALE: its Action enum). */
    int nativeAction(int action);

    /** The shape of one preprocessed frame (for ALE: one 84 x 84 luminance plane). */
    FrameShape frameShape();

    /** The size in bytes of one preprocessed frame. */
    default int frameBytes() {
        return frameShape().bytes();
    }

    /** Starts a new episode; returns the number of no-op frames played before the first observation. */
    int reset();

    /** Plays one agent step with {@code action}, an index into the action set. */
    StepOutcome step(int action);

    /** The latest preprocessed frame; valid until the next {@code reset} or {@code step}. */
    byte[] observation();

    /** Lives left, as the game counts them (0 for games without lives). */
    int lives();

    /** Emulator frames played since the last {@link #reset()}, no-ops included. */
    int episodeFrames();

    /**
     * From now on shows every frame the game draws to {@code watcher} ({@link ScreenWatcher#NONE} stops it): from
     * the next {@link #reset()} on, its start screen and every frame after it. Costs a screen copy per emulator
     * frame while watched; nothing otherwise.
     */
    void watchScreens(ScreenWatcher watcher);

    @Override
    void close();
}
