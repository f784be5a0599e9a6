package org.dqnspark.trainer.learner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.util.SizeEstimator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class MinibatchBlockTest {
    @Test
    void sparkTakesTheBlocksOwnSizeTheHeapBytesOfItsMinibatchesNotTheirNativeArrays() {
        List<DataSet> minibatches = new ArrayList<>();
        for (int i = 0; i < 10; i++) { // Nature-sized: 32 states of 84 x 84 x 4 floats, 3.6 MB of native memory each
            minibatches.add(new DataSet(Nd4j.zeros(DataType.FLOAT, 32, 84, 84, 4), Nd4j.zeros(DataType.FLOAT, 32, 18),
                    null, Nd4j.zeros(DataType.FLOAT, 32, 18)));
        }
        MinibatchBlock block = new MinibatchBlock(minibatches);
        assertEquals(block.estimatedSize(), SizeEstimator.estimate(block), "Spark asks the block, it walks nothing");
        assertTrue(block.estimatedSize() < 100_000, block.estimatedSize() + " bytes for 36 MB of native arrays");
        assertEquals(minibatches, block.minibatches());
    }
}
