package org.dqnspark.core.network;

import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * oneDNN 2.5 ({@code org.bytedeco:dnnl}) for the fast layers: its CPU engine, ND4J arrays as oneDNN
 * buffers, and its sgemm. Loading this class loads oneDNN's natives, once; a failure is recorded, not
 * thrown, so that the layers can take their stock path instead ({@link #available}).
 *
 * <p>Threads: oneDNN runs on OpenMP, and the process has one libgomp (libnd4j's, loaded first; oneDNN's
 * natives find it by name), so {@link org.dqnspark.core.spark.TaskThreads}' OpenMP count holds for it too.
 */
final class OneDnn {
    /** Products of fewer multiply-adds than this run on one thread ({@link #onOneThread}). */
    private static final long ONE_THREAD_MULTIPLY_ADDS = 1 << 20;
    static final engine ENGINE;
    private static final Throwable ERROR;

    static {
        engine e = null;
        Throwable error = null;
        try {
            e = new engine(engine.kind.cpu, 0);
        } catch (Throwable t) { // UnsatisfiedLinkError, or a oneDNN error on an unsupported machine
            error = t;
        }
        ENGINE = e;
        ERROR = error;
    }

    private OneDnn() {
    }

    /** Whether oneDNN's natives loaded on this machine. */
    static boolean available() {
        return ERROR == null;
    }

    /** Why oneDNN's natives did not load, or null. */
    static Throwable loadError() {
        return ERROR;
    }

    static memory.desc desc(long[] dims, memory.format_tag tag) {
        return new memory.desc(dims, memory.data_type.f32, tag);
    }

    /** A memory object of {@code desc} with no buffer yet: each call points it at an array. */
    static memory memory(memory.desc desc) {
        return new memory(desc, ENGINE, new Pointer());
    }

    /** The address of the array's first element (an ND4J view's buffer starts at the view). */
    static Pointer at(INDArray array) {
        return new Address(array.data().addressPointer().address());
    }

    /**
     * C = op(A) op(B) + beta C for float matrices, each contiguous in c or f order (DL4J's dense weights and
     * their gradient are f order): oneDNN's sgemm, 1.5x ND4J's {@code Nd4j.gemm} (OpenBLAS) on the Nature
     * network's dense products here (bench/RESULTS.md, compute.sh). Anything else goes to {@code Nd4j.gemm}.
     */
    static void gemm(INDArray a, boolean transposeA, INDArray b, boolean transposeB, INDArray c, double beta) {
        if (!available() || !contiguous(a) || !contiguous(b) || !contiguous(c)) {
            Nd4j.gemm(a, b, c, transposeA, transposeB, 1.0, beta);
            return;
        }
        if (c.ordering() == 'f') { // C^T = op(B)^T op(A)^T, and C^T is C's buffer in c order
            rowMajorGemm(b, !transposeB, a, !transposeA, c.transpose(), beta);
        } else {
            rowMajorGemm(a, transposeA, b, transposeB, c, beta);
        }
    }

    /** sgemm on a row-major C; an f-order operand is its transpose in row-major order. */
    private static void rowMajorGemm(INDArray a, boolean transposeA, INDArray b, boolean transposeB, INDArray c,
            double beta) {
        long m = c.size(0);
        long n = c.size(1);
        long k = transposeA ? a.size(0) : a.size(1);
        if (m * n * k < ONE_THREAD_MULTIPLY_ADDS) {
            onOneThread(() -> sgemm(a, transposeA, b, transposeB, c, beta, m, n, k));
        } else {
            sgemm(a, transposeA, b, transposeB, c, beta, m, n, k);
        }
    }

    private static void sgemm(INDArray a, boolean transposeA, INDArray b, boolean transposeB, INDArray c,
            double beta, long m, long n, long k) {
        boolean fa = a.ordering() == 'f';
        boolean fb = b.ordering() == 'f';
        int status = dnnl.dnnl_sgemm((byte) (transposeA ^ fa ? 'T' : 'N'), (byte) (transposeB ^ fb ? 'T' : 'N'),
                m, n, k, 1f, new FloatPointer(at(a)), fa ? a.size(0) : a.size(1), new FloatPointer(at(b)),
                fb ? b.size(0) : b.size(1), (float) beta, new FloatPointer(at(c)), n);
        if (status != dnnl.dnnl_success) {
            throw new IllegalStateException("oneDNN sgemm failed with status " + status + " for " + m + " x " + k
                    + " x " + n);
        }
    }

    /**
     * Runs {@code work} with this thread's OpenMP count at one, so that the oneDNN calls in it run on this
     * thread alone, then restores the count. For work too small to share: waking a second thread and
     * joining it costs more than such a product (the output layer's [32, 512] x [512, 18] took 40-50 us on two
     * threads, 20-25 on one, bench/RESULTS.md, compute.sh).
     */
    static void onOneThread(Runnable work) {
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        int threads = ops.ompGetMaxThreads();
        if (threads <= 1) {
            work.run();
            return;
        }
        ops.setOmpNumThreads(1);
        try {
            work.run();
        } finally {
            ops.setOmpNumThreads(threads);
        }
    }

    private static boolean contiguous(INDArray matrix) {
        return matrix.rank() == 2 && matrix.dataType() == DataType.FLOAT && Shape.hasDefaultStridesForShape(matrix);
    }

    /** A bare native address, for {@code memory.set_data_handle} and sgemm. */
    private static final class Address extends Pointer {
        Address(long address) {
            this.address = address;
        }
    }
}
