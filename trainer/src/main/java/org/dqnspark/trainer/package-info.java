/**
 * The train job: loads the run's replay window from the Parquet store ({@code replay}), resumes or starts
 * the DQN learner ({@code learner}: online and target networks, TD targets, DL4J's Spark fit as its engine)
 * and has it step through the requested updates, writing a snapshot and a training row per epoch.
 */
package org.dqnspark.trainer;
