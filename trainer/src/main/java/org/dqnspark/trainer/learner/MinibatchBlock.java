package org.dqnspark.trainer.learner;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.util.KnownSizeEstimation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * One replay partition's minibatches for a fit, cached by Spark as one block that states its own size: Spark
 * would otherwise estimate the size of each cached DataSet by walking its object graph (ND4J's arrays reach far
 * into the backend), which cost more than sampling and labelling them (MinAtar: 0.5-1 s per fit of 500
 * minibatches against 0.15-0.3 s of work; bench/RESULTS.md, minatar.sh).
 */
final class MinibatchBlock implements KnownSizeEstimation, Serializable {
    private static final long serialVersionUID = 1L;

    private final List<DataSet> minibatches;
    private final long bytes;

    MinibatchBlock(List<DataSet> minibatches) {
        this.minibatches = minibatches;
        long sum = 0;
        for (DataSet d : minibatches) {
            sum += bytes(d.getFeatures()) + bytes(d.getLabels()) + bytes(d.getFeaturesMaskArray())
                    + bytes(d.getLabelsMaskArray());
        }
        this.bytes = sum;
    }

    List<DataSet> minibatches() {
        return minibatches;
    }

    /** The arrays' bytes, what the block holds beyond a few objects per minibatch. */
    @Override
    public long estimatedSize() {
        return bytes + 256L * minibatches.size();
    }

    private static long bytes(INDArray array) {
        return array == null ? 0 : array.length() * array.dataType().width();
    }
}
