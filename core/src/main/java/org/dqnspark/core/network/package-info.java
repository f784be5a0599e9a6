/**
 * The Q-network's training machinery on Deeplearning4j: the networks ({@link org.dqnspark.core.network.QNetworks}),
 * the optimizer of Mnih et al. 2015, centered RMSProp ({@link org.dqnspark.core.network.CenteredRmsProp}), and
 * the CPU fast path of the networks ({@link org.dqnspark.core.network.OneDnnConvolutionLayer},
 * {@link org.dqnspark.core.network.OneDnnDenseLayer}, {@link org.dqnspark.core.network.OneDnnOutputLayer}): DL4J
 * layers whose arithmetic runs on oneDNN 2.5 ({@link org.dqnspark.core.network.OneDnnConvolution},
 * {@link org.dqnspark.core.network.OneDnn}), with the same parameters as DL4J's own layers.
 */
package org.dqnspark.core.network;
