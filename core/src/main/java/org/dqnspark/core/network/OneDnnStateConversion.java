package org.dqnspark.core.network;

import java.util.Arrays;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stored states (bytes, [count, channels, height, width]) into a network's float input in one oneDNN
 * reorder: u8 to f32 scaled by 1/255 and, for NHWC, the planes interleaved on the way. A JIT kernel does
 * for 32 Atari states in about 0.7 ms what the plain-Java pass did in 2-2.8 ms (twice per DQN update,
 * bench/RESULTS.md, compute.sh); the results are the same floats (x * (1/255f), rounded once).
 *
 * <p>One per thread ({@link #forThisThread}): it keeps the last shape's primitive and a native copy of
 * the bytes, which the reorder reads.
 */
final class OneDnnStateConversion {
    private static final float SCALE = 1f / 255f;
    private static final ThreadLocal<OneDnnStateConversion> PER_THREAD =
            ThreadLocal.withInitial(OneDnnStateConversion::new);

    private long[] dims;
    private CNN2DFormat format;
    private reorder reorder;
    private memory source;
    private memory target;
    private BytePointer bytes;
    private stream stream;

    private OneDnnStateConversion() {
    }

    static OneDnnStateConversion forThisThread() {
        return PER_THREAD.get();
    }

    /**
     * Writes {@code count} states of {@code channels} planes of {@code height} x {@code width} bytes, back to
     * back in {@code states}, into {@code input} (contiguous floats in {@code format}'s layout).
     */
    void convert(byte[] states, int count, int channels, int height, int width, CNN2DFormat format, INDArray input) {
        long[] shape = {count, channels, height, width};
        if (reorder == null || !Arrays.equals(dims, shape) || this.format != format) {
            build(shape, format);
        }
        int length = count * channels * height * width;
        bytes.put(states, 0, length);
        target.set_data_handle(OneDnn.at(input));
        reorder.execute(stream, source, target);
        stream._wait();
    }

    private void build(long[] shape, CNN2DFormat format) {
        memory.desc from = new memory.desc(shape, memory.data_type.u8, memory.format_tag.nchw);
        memory.desc to = OneDnn.desc(shape, format == CNN2DFormat.NHWC ? memory.format_tag.nhwc
                : memory.format_tag.nchw);
        primitive_attr scaled = new primitive_attr();
        scaled.set_output_scales(0, new float[] {SCALE});
        reorder = new reorder(new reorder.primitive_desc(OneDnn.ENGINE, from, OneDnn.ENGINE, to, scaled, false));
        long length = shape[0] * shape[1] * shape[2] * shape[3];
        if (bytes == null || bytes.capacity() < length) {
            bytes = new BytePointer(length);
        }
        source = new memory(from, OneDnn.ENGINE, bytes);
        target = new memory(to, OneDnn.ENGINE, new Pointer());
        if (stream == null) {
            stream = new stream(OneDnn.ENGINE);
        }
        dims = shape;
        this.format = format;
    }
}
