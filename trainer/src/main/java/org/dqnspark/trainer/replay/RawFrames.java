package org.dqnspark.trainer.replay;

/**
 * Frames as they are, in chunks of up to {@value #CHUNK_FRAMES} allocated as the buffer fills: 7,056 bytes per
 * Atari frame, 7.06 GB for Nature's 1,000,000 (simple_dqn and Dopamine keep exactly that).
 */
final class RawFrames implements FrameStore {
    static final String NAME = "raw";
    private static final int CHUNK_FRAMES = 4096;
    /** Frames per chunk: a store expecting few (an episode's next frames) allocates few at a time. */
    private final int chunkFrames;

    private final int frameBytes;
    private byte[][] chunks;
    private int size;

    /** {@code capacity}: the frames expected, to size the chunk index (it grows beyond). */
    RawFrames(int capacity, int frameBytes) {
        this.frameBytes = frameBytes;
        this.chunkFrames = Math.max(16, Math.min(CHUNK_FRAMES, capacity));
        this.chunks = new byte[Math.max(1, (capacity + chunkFrames - 1) / chunkFrames)][];
    }

    @Override
    public void append(byte[] frame) {
        int chunk = size / chunkFrames;
        if (chunk == chunks.length) {
            chunks = java.util.Arrays.copyOf(chunks, chunks.length * 2);
        }
        if (chunks[chunk] == null) {
            chunks[chunk] = new byte[chunkFrames * frameBytes];
        }
        System.arraycopy(frame, 0, chunks[chunk], (size % chunkFrames) * frameBytes, frameBytes);
        size++;
    }

    @Override
    public void copy(int slot, byte[] out, int offset) {
        System.arraycopy(chunks[slot / chunkFrames], (slot % chunkFrames) * frameBytes, out, offset, frameBytes);
    }

    @Override
    public long bytesInMemory() {
        long bytes = 16L + 8L * chunks.length;
        for (byte[] chunk : chunks) {
            bytes += chunk == null ? 0 : 16L + chunk.length;
        }
        return bytes;
    }
}
