package org.dqnspark.core.env;

/**
 * Sees every emulator frame as a person sees it: ALE's 210 x 160 colour screen after each emulated frame
 * (no-op starts and the frames an action is repeated for included), or MinAtar's 10 x 10 grid in its
 * display's colours after each agent step. For {@code dqn play}'s window and {@code dqn record}'s video; the
 * agent's preprocessed frames are not affected. Called on the thread that steps the environment.
 */
@FunctionalInterface
public interface ScreenWatcher {
    /** Watches nothing: an environment's default. */
    ScreenWatcher NONE = (rgb, width, height) -> {
    };

    /**
     * One frame: {@code width x height} pixels as 0xRRGGBB, row-major. The array is the environment's own,
     * overwritten by the next frame; a watcher that keeps it copies it.
     */
    void onFrame(int[] rgb, int width, int height);
}
