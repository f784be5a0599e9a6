/**
 * What every dqn-spark job shares: settings ({@code config}), environments and DeepMind's preprocessing
 * ({@code env}), the transition schema and the store layout ({@code store}), frame histories and state
 * rebuilding ({@code state}), policies ({@code policy}) and the Spark session ({@code spark}).
 */
package org.dqnspark.core;
