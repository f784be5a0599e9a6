package org.dqnspark.bench;

import com.github.luben.zstd.Zstd;
import java.util.List;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FastDecompressor;

/**
 * Why the replay window compresses its frames with LZ4: bytes per frame and microseconds to decompress one,
 * frame by frame as the window does, for LZ4, LZ4-HC and zstd at three levels, on the same frames.
 */
final class FrameCodecs {
    private FrameCodecs() {
    }

    /** Prints one line per codec for {@code frames}, all of {@code frameBytes} bytes. */
    static void compare(List<byte[]> frames, int frameBytes) {
        LZ4Factory lz4 = LZ4Factory.fastestInstance();
        LZ4FastDecompressor lz4Decompressor = lz4.fastDecompressor();
        System.out.printf("codecs, %,d frames compressed one by one (raw %,d bytes each):%n", frames.size(),
                frameBytes);
        compare("LZ4", frames, frameBytes, lz4.fastCompressor(), lz4Decompressor);
        compare("LZ4-HC 9", frames, frameBytes, lz4.highCompressor(9), lz4Decompressor);
        for (int level : new int[] {1, 3, 9}) {
            byte[][] packed = frames.stream().map(f -> Zstd.compress(f, level)).toArray(byte[][]::new);
            byte[] out = new byte[frameBytes];
            print("zstd " + level, packed, decompressMicros(packed, p -> Zstd.decompressByteArray(out, 0,
                    frameBytes, p, 0, p.length)));
        }
    }

    private static void compare(String name, List<byte[]> frames, int frameBytes, LZ4Compressor compressor,
                                LZ4FastDecompressor decompressor) {
        byte[][] packed = frames.stream().map(compressor::compress).toArray(byte[][]::new);
        byte[] out = new byte[frameBytes];
        print(name, packed, decompressMicros(packed, p -> decompressor.decompress(p, 0, out, 0, frameBytes)));
    }

    private static void print(String name, byte[][] packed, double micros) {
        double bytes = 0;
        for (byte[] p : packed) {
            bytes += p.length;
        }
        System.out.printf("  %-9s %,6.0f bytes/frame, %5.2f us to decompress one%n", name, bytes / packed.length,
                micros);
    }

    /** Microseconds per frame, the best of three passes over all frames. */
    private static double decompressMicros(byte[][] packed, java.util.function.Consumer<byte[]> decompress) {
        double best = Double.MAX_VALUE;
        for (int pass = 0; pass < 3; pass++) {
            long start = System.nanoTime();
            for (byte[] p : packed) {
                decompress.accept(p);
            }
            best = Math.min(best, (System.nanoTime() - start) / 1e3 / packed.length);
        }
        return best;
    }
}
