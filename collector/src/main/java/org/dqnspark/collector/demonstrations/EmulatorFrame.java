package org.dqnspark.collector.demonstrations;

/**
 * One emulator frame of recorded play, as ALE's {@code act} sees it: the action pressed on the screen before, the
 * reward that frame gave, and the screen after it.
 *
 * @param aleAction the action pressed, an id of ALE's full action set (0 to 17)
 * @param reward    the game's raw reward for this frame
 * @param screen    the screen after the frame, as the trial's {@link Screens} name it
 * @param gameOver  the game ended with this frame
 * @param where     the file and line it was read from, for messages
 */
public record EmulatorFrame(int aleAction, float reward, String screen, boolean gameOver, String where) {
}
