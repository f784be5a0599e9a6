package org.dqnspark.evaluator;

import java.util.List;

/**
 * What an evaluate job did.
 *
 * @param evaluation the {@code evaluation=<k>} partition it committed
 * @param snapshot   what played: {@code epoch-<n>}, a file name, or {@code random}
 * @param games      every game, in index order
 * @param summary    their summary
 */
public record EvaluateReport(int evaluation, String snapshot, List<GameResult> games, EvaluationSummary summary) {
}
