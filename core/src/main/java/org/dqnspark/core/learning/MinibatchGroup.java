package org.dqnspark.core.learning;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Minibatches sampled one after the other whose next states lie back to back in one array, so that the target
 * network values all of them in one forward pass ({@link TdLabels#of(MinibatchGroup, org.deeplearning4j.nn.multilayer.MultiLayerNetwork,
 * org.deeplearning4j.nn.multilayer.MultiLayerNetwork)}): a forward of 32 MinAtar states costs several times one of
 * a single state, mostly per call, so labelling 8 minibatches at once costs little more than one.
 *
 * @param minibatches each with its own states; its next states are a view of {@code nextStates}
 * @param nextStates  the minibatches' next states in order, as the networks take them
 */
public record MinibatchGroup(List<Minibatch> minibatches, INDArray nextStates) {
}
