/**
 * The train job (to come): loads the run's replay window from the Parquet store, samples minibatches of
 * valid states, computes TD targets with a frozen target network and fits the Nature CNN through
 * Deeplearning4j's Spark module, writing a snapshot per epoch.
 */
package org.dqnspark.trainer;
