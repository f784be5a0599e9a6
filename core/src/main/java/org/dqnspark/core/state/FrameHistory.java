package org.dqnspark.core.state;

/**
 * The agent's state while it plays: the last {@code length} frames (Nature: agent history length 4),
 * oldest first. At an episode's start the missing older frames are copies of the first frame, the
 * same convention the store's states follow (the tests rebuild them with EpisodeFrames, their reference).
 */
public final class FrameHistory {
    private final byte[][] frames;
    private int newest;

    public FrameHistory(int length, int frameBytes) {
        frames = new byte[length][frameBytes];
    }

    public int length() {
        return frames.length;
    }

    /** Starts an episode whose first observation is {@code first}. */
    public void reset(byte[] first) {
        for (byte[] frame : frames) {
            System.arraycopy(first, 0, frame, 0, first.length);
        }
        newest = frames.length - 1;
    }

    /** Appends the newest observation, dropping the oldest. */
    public void push(byte[] frame) {
        newest = (newest + 1) % frames.length;
        System.arraycopy(frame, 0, frames[newest], 0, frame.length);
    }

    /** Frame {@code i} of the state, 0 = oldest. The array is owned by the history. */
    public byte[] frame(int i) {
        return frames[(newest + 1 + i) % frames.length];
    }

    /** The state as one array: {@code length} frames, oldest first. */
    public byte[] stacked() {
        int bytes = frames[0].length;
        byte[] out = new byte[frames.length * bytes];
        for (int i = 0; i < frames.length; i++) {
            System.arraycopy(frame(i), 0, out, i * bytes, bytes);
        }
        return out;
    }
}
