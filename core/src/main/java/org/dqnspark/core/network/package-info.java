/**
 * The Q-network's training machinery on Deeplearning4j; so far the optimizer of Mnih et al. 2015,
 * centered RMSProp ({@link org.dqnspark.core.network.CenteredRmsProp}).
 */
package org.dqnspark.core.network;
