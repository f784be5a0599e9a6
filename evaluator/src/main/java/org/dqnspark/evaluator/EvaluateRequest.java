package org.dqnspark.evaluator;

import java.nio.file.Path;
import org.dqnspark.core.store.RunLayout;

/**
 * What to evaluate.
 *
 * @param run       the run
 * @param snapshot  {@code latest}, an epoch number or a snapshot file; ignored for the random policy
 * @param random    score the uniform-random policy instead of a snapshot
 * @param rom       a ROM other than the run's recorded one, or null
 * @param forceRom  accept a ROM whose MD5 differs from the run's
 * @param settings  the protocol
 */
public record EvaluateRequest(RunLayout run, String snapshot, boolean random, Path rom, boolean forceRom,
                              EvaluateSettings settings) {
}
