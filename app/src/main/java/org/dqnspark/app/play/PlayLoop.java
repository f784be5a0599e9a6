package org.dqnspark.app.play;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The thread that plays {@code dqn play}'s game: one agent step per tick of its clock (agent steps per second,
 * halved and doubled by {@code a} and {@code s}), or in step mode one per request ({@link #requestStep}), so
 * a test's key presses never race the clock. What the window asks for (control, pause, end) is done here,
 * between two steps; when it ends, it closes the session (which commits the episode in progress).
 */
final class PlayLoop implements Runnable {
    /** The fastest and slowest clock, in agent steps per second. */
    static final double MAX_SPEED = 4096;
    static final double MIN_SPEED = 0.25;

    private final PlaySession session;
    private final Supplier<HeldKeys> keys;
    private final Consumer<PlaySession.Status> onStep;
    private final boolean stepMode;
    private final Semaphore stepRequests = new Semaphore(0);
    private final Queue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private volatile double stepsPerSecond;
    private volatile boolean paused;
    private volatile boolean stopped;
    /** What stopped play other than a person (a commit that failed), for the command to report. */
    private volatile RuntimeException failure;

    PlayLoop(PlaySession session, Supplier<HeldKeys> keys, Consumer<PlaySession.Status> onStep,
             double stepsPerSecond, boolean stepMode) {
        this.session = session;
        this.keys = keys;
        this.onStep = onStep;
        this.stepsPerSecond = stepsPerSecond;
        this.stepMode = stepMode;
    }

    @Override
    public void run() {
        try {
            long next = System.nanoTime();
            while (!stopped) {
                if (stepMode) {
                    if (!stepRequests.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                        runCommands();
                        continue;
                    }
                } else {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(Math.min(wait, 50_000_000L));
                        runCommands();
                        continue;
                    }
                    // A slow step (an episode being committed) does not make the game rush to catch up.
                    next = Math.max(next, System.nanoTime() - 100_000_000L) + (long) (1e9 / stepsPerSecond);
                    if (paused) {
                        runCommands();
                        continue;
                    }
                }
                runCommands();
                if (stopped) {
                    break;
                }
                session.step(keys.get());
                onStep.accept(session.status());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            runCommands();
            try {
                session.close();
                onStep.accept(session.status());
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
    }

    /** Throws what stopped play, if anything did but a person. */
    void throwIfFailed() {
        if (failure != null) {
            throw failure;
        }
    }

    private void runCommands() {
        for (Runnable command = commands.poll(); command != null; command = commands.poll()) {
            command.run();
        }
    }

    /** Switches control between the person and the policy ({@code m}), before the next step. */
    void toggleControl() {
        commands.add(() -> {
            session.toggleControl();
            onStep.accept(session.status());
        });
    }

    /** In step mode: plays one agent step with the keys held when it is played. */
    void requestStep() {
        stepRequests.release();
    }

    boolean stepMode() {
        return stepMode;
    }

    /** {@code a}: half as many agent steps per second. */
    void slower() {
        stepsPerSecond = Math.max(MIN_SPEED, stepsPerSecond / 2);
    }

    /** {@code s}: twice as many. */
    void faster() {
        stepsPerSecond = Math.min(MAX_SPEED, stepsPerSecond * 2);
    }

    double stepsPerSecond() {
        return stepsPerSecond;
    }

    void togglePause() {
        paused = !paused;
    }

    boolean paused() {
        return paused;
    }

    /** Ends play after the current step (Esc, closing the window, a signal). */
    void stop() {
        stopped = true;
    }
}
