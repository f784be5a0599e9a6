package org.dqnspark.trainer.learner;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A minibatch made ahead of the fit ({@link Minibatches#stream}) that knows what to do once DL4J has fitted it:
 * give its states' arrays back to the sampler that made them ({@link AroundEachUpdate}), so that sampling writes
 * into memory it has written before instead of fresh native memory (bench/RESULTS.md).
 */
class MadeMinibatch extends DataSet {
    private static final long serialVersionUID = 1L;

    /** Run once, after its update; null when there is nothing to do. */
    private transient Runnable afterUpdate;

    MadeMinibatch(INDArray features, INDArray labels, INDArray featuresMask, INDArray labelsMask) {
        super(features, labels, featuresMask, labelsMask);
    }

    /** {@code made} as a minibatch that runs {@code afterUpdate} once it is fitted. */
    static MadeMinibatch of(DataSet made, Runnable afterUpdate) {
        MadeMinibatch out = made instanceof MadeMinibatch already ? already
                : new MadeMinibatch(made.getFeatures(), made.getLabels(), made.getFeaturesMaskArray(),
                made.getLabelsMaskArray());
        out.afterUpdate = afterUpdate;
        return out;
    }

    /** Called once DL4J has fitted it: from then on its arrays may be overwritten. */
    void fitted() {
        Runnable action = afterUpdate;
        afterUpdate = null;
        if (action != null) {
            action.run();
        }
    }
}
