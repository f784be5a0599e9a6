/**
 * The Q-network's training machinery on Deeplearning4j: the networks ({@link org.dqnspark.core.network.QNetworks}),
 * the optimizer of Mnih et al. 2015, centered RMSProp ({@link org.dqnspark.core.network.CenteredRmsProp}), and
 * the CPU fast path of the Nature network ({@link org.dqnspark.core.network.FastConvolutionLayer},
 * {@link org.dqnspark.core.network.FastDenseLayer}): DL4J layers whose arithmetic runs on libnd4j's oneDNN
 * convolutions and products, with the same parameters as DL4J's own layers.
 */
package org.dqnspark.core.network;
