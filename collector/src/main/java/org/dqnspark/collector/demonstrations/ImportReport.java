package org.dqnspark.collector.demonstrations;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@code dqn import} did.
 *
 * @param trials            trials imported, one iteration each
 * @param iterations        the iterations they became, ascending
 * @param alreadyImported   trials found in the run already (by format, game, name and content), not imported again
 * @param episodes          episodes imported
 * @param gameOvers         of them, those that ended by game over (the others are truncated)
 * @param agentSteps        agent steps imported (rows of the transitions table)
 * @param frames            emulator frames those steps span
 * @param mapped            actions outside the game's minimal action set, by "FROM -> TO" (ALE's names)
 * @param mixedActionSteps  agent steps whose frames pressed differing actions (each took its first frame's)
 * @param skipped           frames, rows or episodes not imported as they were, by reason (the reason says what became of them)
 */
public record ImportReport(int trials, List<Integer> iterations, List<String> alreadyImported, long episodes,
                           long gameOvers, long agentSteps, long frames, Map<String, Long> mapped,
                           long mixedActionSteps, Map<String, Long> skipped) {

    /** All actions that were mapped onto the minimal set. */
    public long mappedActions() {
        return mapped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The report as lines for people. */
    public List<String> lines(String game, String run) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%s imported into run %s%s: %s (%,d ended by game over, %,d truncated), %s from %s",
                count(trials, "trial"), run, iterations.isEmpty() ? "" : " as iteration" + (iterations.size() == 1
                        ? " " + iterations.get(0) : "s " + iterations.get(0) + "-" + iterations.get(iterations.size() - 1)),
                count(episodes, "episode"), gameOvers, episodes - gameOvers, count(agentSteps, "agent step"),
                count(frames, "emulator frame")));
        lines.add(mapped.isEmpty() ? "no action outside " + game + "'s minimal action set"
                : String.format("%s outside %s's minimal action set mapped onto it: %s", count(mappedActions(), "action"),
                        game,
                        mapped.entrySet().stream().map(e -> String.format("%s %,d", e.getKey(), e.getValue()))
                                .collect(Collectors.joining(", "))));
        if (mixedActionSteps > 0) {
            lines.add(String.format("%s whose frames pressed differing actions took their first frame's",
                    count(mixedActionSteps, "agent step")));
        }
        skipped.forEach((reason, count) -> lines.add(String.format("%s: %,d", reason, count)));
        if (!alreadyImported.isEmpty()) {
            lines.add(alreadyImported.size() + " trial" + (alreadyImported.size() == 1 ? " was" : "s were")
                    + " already in the run and added nothing: " + String.join(", ", alreadyImported));
        }
        return lines;
    }

    private static String count(long n, String noun) {
        return String.format("%,d %s%s", n, noun, n == 1 ? "" : "s");
    }
}
