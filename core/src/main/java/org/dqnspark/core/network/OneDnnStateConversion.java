package org.dqnspark.core.network;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * <p>One per thread ({@link #forThisThread}): it keeps a primitive per shape and format it has converted (the
 * trainer's labelling thread alternates two: a minibatch's states, then a group's next states) and a native copy
 * of the bytes, which the reorders read.
 */
final class OneDnnStateConversion {
    private static final float SCALE = 1f / 255f;
    private static final ThreadLocal<OneDnnStateConversion> PER_THREAD =
            ThreadLocal.withInitial(OneDnnStateConversion::new);

    /** A reorder built for one shape and format, and its memories (the target's handle set per call). */
    private record Reorder(reorder primitive, memory source, memory target) {
    }

    private final Map<List<Object>, Reorder> reorders = new HashMap<>();
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
        int length = count * channels * height * width;
        if (bytes == null || bytes.capacity() < length) {
            bytes = new BytePointer(length);
            reorders.clear(); // their source memories read the old bytes
        }
        if (stream == null) {
            stream = new stream(OneDnn.ENGINE);
        }
        Reorder reorder = reorders.computeIfAbsent(List.of(count, channels, height, width, format),
                key -> build(new long[] {count, channels, height, width}, format));
        bytes.put(states, 0, length);
        reorder.target().set_data_handle(OneDnn.at(input));
        reorder.primitive().execute(stream, reorder.source(), reorder.target());
        stream._wait();
    }

    private Reorder build(long[] shape, CNN2DFormat format) {
        memory.desc from = new memory.desc(shape, memory.data_type.u8, memory.format_tag.nchw);
        memory.desc to = OneDnn.desc(shape, format == CNN2DFormat.NHWC ? memory.format_tag.nhwc
                : memory.format_tag.nchw);
        primitive_attr scaled = new primitive_attr();
        scaled.set_output_scales(0, new float[] {SCALE});
        return new Reorder(new reorder(new reorder.primitive_desc(OneDnn.ENGINE, from, OneDnn.ENGINE, to, scaled, false)),
                new memory(from, OneDnn.ENGINE, bytes), new memory(to, OneDnn.ENGINE, new Pointer()));
    }
}
