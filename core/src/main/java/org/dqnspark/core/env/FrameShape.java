package org.dqnspark.core.env;

import java.io.Serializable;

/**
 * The shape of one preprocessed frame: {@code channels} planes of {@code height} x {@code width}
 * bytes, channel-major (plane after plane, rows within a plane). Pixel bytes run 0..255 and the network
 * sees them scaled to 0..1, so a binary channel (MinAtar) stores 0 and 255.
 *
 * @param channels planes per frame (ALE luminance: 1; MinAtar: one per object kind)
 * @param height   rows per plane
 * @param width    columns per plane
 */
public record FrameShape(int channels, int height, int width) implements Serializable {
    /** DeepMind's preprocessed Atari frame: one 84 x 84 luminance plane. */
    public static final FrameShape ATARI = new FrameShape(1, 84, 84);

    public FrameShape {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("frame shape must be positive: " + channels + "x" + height + "x" + width);
        }
    }

    /** Bytes in one frame. */
    public int bytes() {
        return channels * height * width;
    }

    /** Network input channels for a state of {@code historyLength} frames, oldest first. */
    public int stateChannels(int historyLength) {
        return channels * historyLength;
    }

    /** Stored as game.properties / snapshot text: {@code CxHxW}. */
    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }

    /** The inverse of {@link #toString()}. */
    public static FrameShape parse(String text) {
        String[] parts = text.trim().split("x");
        if (parts.length != 3) {
            throw new IllegalArgumentException("frame shape '" + text + "' is not CxHxW");
        }
        return new FrameShape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    }
}
