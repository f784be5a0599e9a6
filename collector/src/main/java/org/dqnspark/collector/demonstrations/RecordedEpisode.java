package org.dqnspark.collector.demonstrations;

import java.util.List;

/**
 * One episode of a trial, frame by frame: the screen it starts on, then every emulator frame played. It ended by
 * game over when its last frame says so; else the recording stopped mid-game (the episode is truncated).
 *
 * @param firstScreen the screen before the first frame, as the trial's {@link Screens} name it
 * @param frames      the frames, in order
 */
public record RecordedEpisode(String firstScreen, List<EmulatorFrame> frames) {
    public boolean endedByGameOver() {
        return !frames.isEmpty() && frames.get(frames.size() - 1).gameOver();
    }
}
