package org.dqnspark.trainer.learner;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.util.KnownSizeEstimation;
import org.nd4j.linalg.dataset.DataSet;

/**
 * One replay partition's minibatches for a fit, cached by Spark as one block that states its own size: Spark
 * would otherwise estimate the size of each cached DataSet by walking its object graph (ND4J's arrays reach far
 * into the backend), which cost more than sampling and labelling them (MinAtar: 0.5-1 s per fit of 500
 * minibatches against 0.15-0.3 s of work; bench/RESULTS.md, minatar.sh).
 *
 * <p>The size stated is what the block holds on the Java heap, the pool Spark's MEMORY_ONLY cache accounts: a
 * few small objects per minibatch. The arrays' data is native memory, which JavaCPP's own limits
 * ({@code org.bytedeco.javacpp.maxbytes}) bound, not Spark's storage memory, so counting it here would make Spark
 * evict cached replay partitions to make room for memory that is not on its heap.
 */
final class MinibatchBlock implements KnownSizeEstimation, Serializable {
    private static final long serialVersionUID = 1L;
    /** Heap bytes per minibatch: the DataSet, its three arrays' Java objects and their shape information. */
    private static final long HEAP_BYTES_PER_MINIBATCH = 1024;

    private final List<DataSet> minibatches;

    MinibatchBlock(List<DataSet> minibatches) {
        this.minibatches = minibatches;
    }

    List<DataSet> minibatches() {
        return minibatches;
    }

    @Override
    public long estimatedSize() {
        return HEAP_BYTES_PER_MINIBATCH * minibatches.size();
    }
}
