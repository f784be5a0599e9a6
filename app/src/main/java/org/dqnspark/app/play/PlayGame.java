package org.dqnspark.app.play;

import java.awt.AWTError;
import java.awt.GraphicsEnvironment;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.swing.SwingUtilities;
import org.dqnspark.collector.EpisodeWriter;
import org.dqnspark.core.UserError;
import org.dqnspark.core.env.Environment;
import org.dqnspark.core.env.Game;
import org.dqnspark.core.env.ScreenWatcher;
import org.dqnspark.core.policy.PlayingPolicy;

/** Wires {@code dqn play} together: the game's session, its window and the loop that plays it, until the window closes. */
public final class PlayGame {
    /**
     * What to play and how.
     *
     * @param game              the game
     * @param environment       its environment, with the collector's preprocessing (closed by the caller)
     * @param policy            what plays until the person presses {@code m}; empty: the person plays throughout
     * @param epsilon           the exploration rate around a snapshot's greedy action
     * @param seed              seeds the policy's exploration
     * @param historyLength     frames per state, for the snapshot's network
     * @param writer            where finished episodes are committed; empty: nothing is recorded
     * @param run               the run's name as the transitions record it
     * @param conf              the settings and session, saved beside each recorded episode
     * @param scale             window pixels per screen pixel
     * @param stepsPerSecond    the clock, in agent steps per second
     * @param stepMode          one agent step per Enter press instead of the clock
     */
    public record Request(Game game, Environment environment, Optional<PlayingPolicy> policy, double epsilon,
                          long seed, int historyLength, Optional<EpisodeWriter> writer, String run, String conf,
                          int scale, double stepsPerSecond, boolean stepMode) {
    }

    /** What a session did: agent steps played, episodes committed to the run. */
    public record Played(long agentSteps, int episodesCommitted) {
    }

    private PlayGame() {
    }

    /**
     * Stops at once unless there is a display to open the window on.
     *
     * @throws UserError naming DISPLAY and the ways without one
     */
    public static void checkDisplay() {
        if (GraphicsEnvironment.isHeadless()) {
            throw noDisplay(System.getenv("DISPLAY") == null ? "DISPLAY is not set" : "Java runs headless");
        }
    }

    private static UserError noDisplay(String why) {
        return new UserError("no display to open the game's window on (" + why + ").\nRun it on a desktop, or on a"
                + " virtual screen: xvfb-run -a bin/dqn play ...; to watch a game without any display, make a video"
                + " of it with dqn record.");
    }

    /** Plays until the window is closed (or Esc); returns the agent steps played and episodes committed. */
    public static Played play(Request request, PrintStream out) {
        Environment environment = request.environment();
        KeyActions keys = KeyActions.of(environment, request.game().family());
        // The screen's size, from a start screen (the session resets the game again).
        int[] size = new int[2];
        environment.watchScreens((rgb, width, height) -> {
            size[0] = width;
            size[1] = height;
        });
        environment.reset();
        AtomicReference<PlayWindow> window = new AtomicReference<>();
        try {
            SwingUtilities.invokeAndWait(() -> window.set(new PlayWindow("dqn play: " + request.game().name()
                    + (request.writer().isPresent() ? " -> run " + request.run() : ""), size[0], size[1],
                    request.scale(), String.join(" ", keys.names()))));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof AWTError error) {
                throw noDisplay("the display " + System.getenv("DISPLAY") + " cannot be reached: "
                        + error.getMessage());
            }
            throw new IllegalStateException("cannot open the window", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted opening the window", e);
        }
        environment.watchScreens(window.get());
        PlaySession session = new PlaySession(environment, keys, request.policy(), request.epsilon(),
                request.seed(), request.historyLength(), request.writer(), request.run(), request.conf(), out);
        PlayLoop loop = new PlayLoop(session, window.get()::heldKeys, s -> window.get().showStatus(s, keys),
                request.stepsPerSecond(), request.stepMode());
        window.get().attach(loop);
        SwingUtilities.invokeLater(window.get()::open);
        window.get().showStatus(session.status(), keys);
        Thread thread = new Thread(loop, "dqn-play");
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            loop.stop();
            Thread.currentThread().interrupt();
        }
        window.get().dispose();
        environment.watchScreens(ScreenWatcher.NONE);
        loop.throwIfFailed();
        PlaySession.Status end = session.status();
        return new Played(end.agentSteps(), end.episodesCommitted());
    }
}
