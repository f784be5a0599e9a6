package org.dqnspark.trainer.replay;

/**
 * The replay buffer's frames, appended in order and read back by slot: every frame once, as the uint8
 * bytes the collector stored. Two forms ({@code dqn.train.replay-frames}): {@link RawFrames} (simple_dqn's
 * and Dopamine's, 7,056 bytes per Atari frame) and {@link CompressedFrames} (each frame LZ4-compressed
 * alone, decompressed when a minibatch is assembled).
 */
public interface FrameStore {
    /** Appends a frame of the store's size; its slot is the number of frames appended before it. */
    void append(byte[] frame);

    /** Writes the frame at {@code slot} into {@code out} at {@code offset}. */
    void copy(int slot, byte[] out, int offset);

    /** Bytes of heap the frames take, containers included. */
    long bytesInMemory();

    /** A store for frames of {@code frameBytes} bytes in the named form: {@code raw} or {@code compressed}. */
    static FrameStore of(String form, int capacity, int frameBytes) {
        return switch (form) {
            case RawFrames.NAME -> new RawFrames(capacity, frameBytes);
            case CompressedFrames.NAME -> new CompressedFrames(frameBytes);
            default -> throw new IllegalArgumentException("replay frames '" + form + "': raw or compressed");
        };
    }
}
