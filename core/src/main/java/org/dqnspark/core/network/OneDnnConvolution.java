package org.dqnspark.core.network;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.eltwise_backward;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One convolution layer's three products on oneDNN 2.5 ({@code org.bytedeco:dnnl}), called directly with
 * primitives built once per batch size, for NHWC activations without padding or dilation:
 * <ul>
 * <li>forward: y = ReLU(conv(x, W) + b), the ReLU fused into the product (a post-op);</li>
 * <li>backward: the ReLU's gradient from its output, then dW and db from x and dL/dz in one pass, and dL/dx
 * when asked.</li>
 * </ul>
 * Why not libnd4j's conv2d ops, which also run oneDNN: libnd4j M2.1 embeds oneDNN 2.3, rebuilds the
 * primitive on every call and, for NCHW data, lands on oneDNN's im2col + gemm kernels (about 50 GFLOP/s
 * here); oneDNN 2.5's brgemm kernels for NHWC run the Nature network's convolutions at 160-250 GFLOP/s on
 * this machine's AVX-512 (bench/RESULTS.md, compute.sh).
 *
 * <p>The weights stay DL4J's [out, in, kH, kW] parameters and gradients (oneDNN's oihw): when a primitive
 * wants another layout, a reorder copies them in or out (at most 37k floats here). Activations are read
 * and written in place. Threads: see {@link OneDnn}.
 *
 * <p>Not thread-safe: one instance per layer instance, as DL4J layers are used.
 */
final class OneDnnConvolution {
    private static final long[] NO_PADDING = {0, 0};

    private final long in;
    private final long out;
    private final long[] kernel;
    private final long[] strides;
    private final boolean relu;
    private final Map<Long, Primitives> byBatch = new HashMap<>();
    private stream stream;

    OneDnnConvolution(long in, long out, int[] kernel, int[] strides, boolean relu) {
        this.in = in;
        this.out = out;
        this.kernel = new long[] {kernel[0], kernel[1]};
        this.strides = new long[] {strides[0], strides[1]};
        this.relu = relu;
    }

    /**
     * y = act(conv(x, weights) + bias).
     *
     * @param x       [batch, height, width, in], contiguous
     * @param weights [out, in, kH, kW], contiguous (DL4J's parameter view)
     * @param bias    [out] (or [1, out]), contiguous
     * @param y       [batch, outHeight, outWidth, out], contiguous, written
     */
    void forward(INDArray x, INDArray weights, INDArray bias, INDArray y) {
        Primitives p = primitives(x);
        p.srcMemory.set_data_handle(OneDnn.at(x));
        p.biasMemory.set_data_handle(OneDnn.at(bias));
        p.dstMemory.set_data_handle(OneDnn.at(y));
        p.userWeights.set_data_handle(OneDnn.at(weights));
        p.forwardWeights.load(stream(), p.userWeights, weights);
        p.forward.execute(stream(), p.forwardArgs);
        stream()._wait();
    }

    /**
     * dL/dz = dL/dy where y &gt; 0, else 0: the ReLU's backward from its output y (the last training forward's),
     * one native pass (the plain-Java pass copied each array in and out of Java arrays).
     *
     * @param x       the input of that forward
     * @param output  y, [batch, outHeight, outWidth, out], contiguous
     * @param epsilon dL/dy, like y
     * @param delta   dL/dz, like y, written
     */
    void reluGradient(INDArray x, INDArray output, INDArray epsilon, INDArray delta) {
        Relu r = primitives(x).reluBackward();
        r.dst.set_data_handle(OneDnn.at(output));
        r.diffDst.set_data_handle(OneDnn.at(epsilon));
        r.diffSrc.set_data_handle(OneDnn.at(delta));
        r.backward.execute(stream(), r.args);
        stream()._wait();
    }

    /**
     * The gradients from dL/dz (z before the activation) of the last forward of {@code x}.
     *
     * @param inputGradient  [batch, height, width, in] to receive dL/dx, or null when nobody needs it
     * @param weightGradient [out, in, kH, kW], contiguous (DL4J's gradient view), written
     * @param biasGradient   [out] (or [1, out]), contiguous, written
     */
    void backward(INDArray x, INDArray weights, INDArray delta, INDArray inputGradient, INDArray weightGradient,
            INDArray biasGradient) {
        Primitives p = primitives(x);
        Backward b = p.backward(inputGradient != null);
        b.srcMemory.set_data_handle(OneDnn.at(x));
        b.diffDstMemory.set_data_handle(OneDnn.at(delta));
        b.diffBiasMemory.set_data_handle(OneDnn.at(biasGradient));
        b.userDiffWeights.set_data_handle(OneDnn.at(weightGradient));
        b.weightsGradient.execute(stream(), b.weightsArgs);
        b.diffWeights.store(stream(), b.userDiffWeights);
        if (inputGradient != null) {
            b.diffSrcMemory.set_data_handle(OneDnn.at(inputGradient));
            p.userWeights.set_data_handle(OneDnn.at(weights));
            b.dataWeights.load(stream(), p.userWeights, weights);
            b.dataGradient.execute(stream(), b.dataArgs);
        }
        stream()._wait();
    }

    private stream stream() {
        if (stream == null) {
            stream = new stream(OneDnn.ENGINE);
        }
        return stream;
    }

    /** The primitives for input {@code x} [batch, height, width, in], made on its batch size's first use. */
    private Primitives primitives(INDArray x) {
        long batch = x.size(0);
        Primitives p = byBatch.get(batch);
        if (p == null || p.height != x.size(1) || p.width != x.size(2)) {
            p = new Primitives(batch, x.size(1), x.size(2));
            byBatch.put(batch, p);
        }
        return p;
    }

    /** The primitives and argument tables for one input shape; backward ones on first use. */
    private final class Primitives {
        final long height;
        final long width;
        final memory.desc src;
        final memory.desc dst;
        final memory.desc userWeightsDesc;
        final memory.desc biasDesc;
        final convolution_forward.primitive_desc forwardDesc;
        final convolution_forward forward;
        final memory srcMemory;
        final memory dstMemory;
        final memory biasMemory;
        final memory userWeights;
        final Staged forwardWeights;
        final IntMemoryMap forwardArgs = new IntMemoryMap();
        private Backward backward;
        private Relu reluBackward;

        Primitives(long batch, long height, long width) {
            this.height = height;
            this.width = width;
            long outHeight = (height - kernel[0]) / strides[0] + 1;
            long outWidth = (width - kernel[1]) / strides[1] + 1;
            src = OneDnn.desc(new long[] {batch, in, height, width}, memory.format_tag.nhwc);
            dst = OneDnn.desc(new long[] {batch, out, outHeight, outWidth}, memory.format_tag.nhwc);
            userWeightsDesc = OneDnn.desc(new long[] {out, in, kernel[0], kernel[1]}, memory.format_tag.oihw);
            biasDesc = OneDnn.desc(new long[] {out}, memory.format_tag.a);
            primitive_attr attributes = new primitive_attr();
            if (relu) {
                post_ops ops = new post_ops();
                ops.append_eltwise(1f, algorithm.eltwise_relu, 0f, 0f);
                attributes.set_post_ops(ops);
            }
            forwardDesc = new convolution_forward.primitive_desc(new convolution_forward.desc(
                    prop_kind.forward_training, algorithm.convolution_direct, src, anyWeights(), biasDesc, dst,
                    strides, NO_PADDING, NO_PADDING), attributes, OneDnn.ENGINE);
            forward = new convolution_forward(forwardDesc);
            srcMemory = OneDnn.memory(src);
            dstMemory = OneDnn.memory(dst);
            biasMemory = OneDnn.memory(biasDesc);
            userWeights = OneDnn.memory(userWeightsDesc);
            forwardWeights = new Staged(userWeightsDesc, forwardDesc.weights_desc());
            forwardArgs.put(DNNL_ARG_SRC, srcMemory);
            forwardArgs.put(DNNL_ARG_WEIGHTS, forwardWeights.primitiveSide(userWeights));
            forwardArgs.put(DNNL_ARG_BIAS, biasMemory);
            forwardArgs.put(DNNL_ARG_DST, dstMemory);
        }

        memory.desc anyWeights() {
            return OneDnn.desc(new long[] {out, in, kernel[0], kernel[1]}, memory.format_tag.any);
        }

        Relu reluBackward() {
            if (reluBackward == null) {
                reluBackward = new Relu(dst);
            }
            return reluBackward;
        }

        Backward backward(boolean inputGradient) {
            if (backward == null || inputGradient && backward.dataGradient == null) {
                backward = new Backward(this, inputGradient);
            }
            return backward;
        }
    }

    /** Backward primitives of one input shape: weight and bias gradients, and the input gradient if asked. */
    private final class Backward {
        final convolution_backward_weights weightsGradient;
        final memory srcMemory;
        final memory diffDstMemory;
        final memory diffBiasMemory;
        final memory userDiffWeights;
        final Staged diffWeights;
        final IntMemoryMap weightsArgs = new IntMemoryMap();
        final convolution_backward_data dataGradient;
        final memory diffSrcMemory;
        final Staged dataWeights;
        final IntMemoryMap dataArgs = new IntMemoryMap();

        Backward(Primitives p, boolean inputGradient) {
            convolution_backward_weights.primitive_desc weightsDesc = new convolution_backward_weights.primitive_desc(
                    new convolution_backward_weights.desc(algorithm.convolution_direct, p.src, p.anyWeights(),
                            p.biasDesc, p.dst, strides, NO_PADDING, NO_PADDING),
                    OneDnn.ENGINE, p.forwardDesc);
            weightsGradient = new convolution_backward_weights(weightsDesc);
            srcMemory = OneDnn.memory(p.src);
            diffDstMemory = OneDnn.memory(p.dst);
            diffBiasMemory = OneDnn.memory(p.biasDesc);
            userDiffWeights = OneDnn.memory(p.userWeightsDesc);
            diffWeights = new Staged(p.userWeightsDesc, weightsDesc.diff_weights_desc());
            weightsArgs.put(DNNL_ARG_SRC, srcMemory);
            weightsArgs.put(DNNL_ARG_DIFF_DST, diffDstMemory);
            weightsArgs.put(DNNL_ARG_DIFF_WEIGHTS, diffWeights.primitiveSide(userDiffWeights));
            weightsArgs.put(DNNL_ARG_DIFF_BIAS, diffBiasMemory);
            if (!inputGradient) {
                dataGradient = null;
                diffSrcMemory = null;
                dataWeights = null;
                return;
            }
            convolution_backward_data.primitive_desc dataDesc = new convolution_backward_data.primitive_desc(
                    new convolution_backward_data.desc(algorithm.convolution_direct, p.src, p.anyWeights(), p.dst,
                            strides, NO_PADDING, NO_PADDING),
                    OneDnn.ENGINE, p.forwardDesc);
            dataGradient = new convolution_backward_data(dataDesc);
            diffSrcMemory = OneDnn.memory(p.src);
            dataWeights = new Staged(p.userWeightsDesc, dataDesc.weights_desc());
            dataArgs.put(DNNL_ARG_DIFF_SRC, diffSrcMemory);
            dataArgs.put(DNNL_ARG_WEIGHTS, dataWeights.primitiveSide(p.userWeights));
            dataArgs.put(DNNL_ARG_DIFF_DST, diffDstMemory);
        }
    }

    /** The ReLU's backward pass over this shape's output, from the output itself. */
    private static final class Relu {
        final eltwise_backward backward;
        final memory dst;
        final memory diffDst;
        final memory diffSrc;
        final IntMemoryMap args = new IntMemoryMap();

        Relu(memory.desc output) {
            eltwise_forward.primitive_desc hint = new eltwise_forward.primitive_desc(new eltwise_forward.desc(
                    prop_kind.forward_training, algorithm.eltwise_relu_use_dst_for_bwd, output, 0f, 0f), OneDnn.ENGINE);
            backward = new eltwise_backward(new eltwise_backward.primitive_desc(new eltwise_backward.desc(
                    algorithm.eltwise_relu_use_dst_for_bwd, output, output, 0f, 0f), OneDnn.ENGINE, hint));
            dst = OneDnn.memory(output);
            diffDst = OneDnn.memory(output);
            diffSrc = OneDnn.memory(output);
            args.put(DNNL_ARG_DST, dst);
            args.put(DNNL_ARG_DIFF_DST, diffDst);
            args.put(DNNL_ARG_DIFF_SRC, diffSrc);
        }
    }

    /**
     * Weights (or their gradient) in DL4J's oihw layout on one side and the primitive's chosen layout on the
     * other: when the two differ, a buffer of oneDNN's own in the primitive's layout and a reorder each way.
     */
    private static final class Staged {
        private final memory internal;
        private final reorder in;
        private final reorder out;
        /**
         * The weights as last loaded, so that a load of the same values skips its reorder: a target network's
         * and a policy's weights stay put for thousands of forwards, and comparing 37k floats costs a fraction
         * of a weight reorder (20-30 us alone, 0.1-0.2 ms inside a DQN update here, three per forward;
         * bench/RESULTS.md, compute.sh).
         */
        private FloatBuffer loaded;

        Staged(memory.desc user, memory.desc wanted) {
            if (user.equals(wanted)) {
                internal = null;
                in = null;
                out = null;
            } else {
                internal = new memory(wanted, OneDnn.ENGINE);
                memory userSide = OneDnn.memory(user);
                in = new reorder(userSide, internal);
                out = new reorder(internal, userSide);
            }
        }

        /** What the primitive reads or writes: the internal buffer, or the user's memory itself. */
        memory primitiveSide(memory user) {
            return internal == null ? user : internal;
        }

        /**
         * Copies the user's weights into the primitive's layout (nothing when they share it, or when
         * {@code weights}, the array behind {@code user}, holds the values loaded last time).
         */
        void load(stream stream, memory user, INDArray weights) {
            if (in == null) {
                return;
            }
            FloatBuffer values = OneDnnLayers.floats(weights).limit((int) weights.length());
            if (loaded != null && loaded.capacity() == values.remaining() && values.mismatch(loaded) == -1) {
                return;
            }
            in.execute(stream, user, internal);
            if (loaded == null || loaded.capacity() != values.remaining()) {
                loaded = ByteBuffer.allocateDirect(Float.BYTES * values.remaining()).order(ByteOrder.nativeOrder())
                        .asFloatBuffer();
            }
            loaded.clear();
            loaded.put(values);
            loaded.flip();
        }

        /** Copies the primitive's result into the user's array (nothing when they share the layout). */
        void store(stream stream, memory user) {
            if (out != null) {
                out.execute(stream, internal, user);
            }
        }
    }
}
