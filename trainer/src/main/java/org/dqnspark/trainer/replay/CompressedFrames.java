package org.dqnspark.trainer.replay;

import java.util.Arrays;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FastDecompressor;

/**
 * Frames compressed one by one with LZ4 and packed into pages of {@value #PAGE_BYTES} bytes, so that any
 * frame decompresses alone, straight into a minibatch's state array (a few microseconds for an Atari
 * frame). Atari screens are mostly flat areas, which LZ4 removes: the replay memory shrinks several-fold
 * (bench/replay-memory.sh measures it) at a decompression cost per minibatch that the same bench reports.
 * DeepMind's Reverb, the replay service under Acme, compresses stored observations for the same reason.
 *
 * <p>Per frame the index costs 8 bytes: where it starts, page and offset in one long (LZ4's decompressor
 * needs only the length of its output, the frame's).
 */
final class CompressedFrames implements FrameStore {
    static final String NAME = "compressed";
    private static final int PAGE_BITS = 20;
    private static final int PAGE_BYTES = 1 << PAGE_BITS;
    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();

    private final int frameBytes;
    private final LZ4Compressor compressor = LZ4.fastCompressor();
    private final LZ4FastDecompressor decompressor = LZ4.fastDecompressor();
    /** A frame's compressed bytes never exceed this, so one always fits in an empty page. */
    private final byte[] scratch;
    private byte[][] pages = new byte[16][];
    private int pageCount;
    private int pageUsed = PAGE_BYTES;
    private long[] start = new long[1024];
    private int size;

    CompressedFrames(int frameBytes) {
        this.frameBytes = frameBytes;
        this.scratch = new byte[compressor.maxCompressedLength(frameBytes)];
        if (scratch.length > PAGE_BYTES) {
            throw new IllegalArgumentException("frames of " + frameBytes + " bytes exceed a page");
        }
    }

    @Override
    public void append(byte[] frame) {
        int compressed = compressor.compress(frame, 0, frameBytes, scratch, 0, scratch.length);
        if (pageUsed + compressed > PAGE_BYTES) {
            newPage();
        }
        if (size == start.length) {
            start = Arrays.copyOf(start, size * 2);
        }
        System.arraycopy(scratch, 0, pages[pageCount - 1], pageUsed, compressed);
        start[size] = ((long) (pageCount - 1) << PAGE_BITS) | pageUsed;
        pageUsed += compressed;
        size++;
    }

    private void newPage() {
        if (pageCount == pages.length) {
            pages = Arrays.copyOf(pages, pageCount * 2);
        }
        pages[pageCount++] = new byte[PAGE_BYTES];
        pageUsed = 0;
    }

    @Override
    public void copy(int slot, byte[] out, int offset) {
        long at = start[slot];
        decompressor.decompress(pages[(int) (at >>> PAGE_BITS)], (int) (at & (PAGE_BYTES - 1)), out, offset,
                frameBytes);
    }

    @Override
    public long bytesInMemory() {
        return 16L + 8L * pages.length + (long) pageCount * (16L + PAGE_BYTES) + 8L * start.length + scratch.length;
    }
}
