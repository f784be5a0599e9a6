package org.dqnspark.trainer.learner;

import java.io.Serializable;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network sent to executors (Spark broadcast): its configuration as JSON and a copy of its parameters.
 * Executors build it once per task ({@link #build()}), never per step.
 */
final class NetworkBroadcast implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String configuration;
    private final INDArray parameters;

    NetworkBroadcast(MultiLayerNetwork network) {
        this.configuration = network.getLayerWiseConfigurations().toJson();
        this.parameters = network.params().dup();
    }

    MultiLayerNetwork build() {
        MultiLayerNetwork network = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(configuration));
        network.init(parameters.dup(), false);
        return network;
    }
}
