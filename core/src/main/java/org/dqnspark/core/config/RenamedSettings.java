package org.dqnspark.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dqnspark.core.UserError;

/**
 * Setting keys that were renamed so that each names its unit and has one home (format 2 of the store,
 * see the README's "Names and units"). A conf file or {@code --set} that still uses an old key keeps
 * working: the value moves to the new key and a one-line warning names it, once per key and place.
 */
final class RenamedSettings {
    /** Old key -> the key(s) that now hold its value. */
    static final Map<String, List<String>> NEW_KEYS = renames();

    /** Old key and where it was set, warned about: a cycle loads the same conf for each stage, warned once. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private RenamedSettings() {
    }

    private static Map<String, List<String>> renames() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("dqn.collect.steps", List.of("dqn.collect.agent-steps"));
        m.put("dqn.cycle.steps", List.of("dqn.cycle.agent-steps"));
        // Learning starts and its pace are the trainer's, so that `dqn train` honours them too.
        m.put("dqn.cycle.replay-start-size", List.of("dqn.train.replay-start-size"));
        m.put("dqn.cycle.update-frequency", List.of("dqn.train.update-frequency"));
        // Exploration has one home, read by `dqn collect` and `dqn cycle` alike.
        m.put("dqn.cycle.initial-exploration", List.of("dqn.exploration.initial"));
        m.put("dqn.cycle.final-exploration", List.of("dqn.exploration.final"));
        m.put("dqn.cycle.final-exploration-step", List.of("dqn.exploration.final-agent-step"));
        // The old fixed collect rate: a schedule that starts and ends at it.
        m.put("dqn.collect.epsilon", List.of("dqn.exploration.initial", "dqn.exploration.final"));
        return Map.copyOf(m);
    }

    /**
     * {@code given} with every old key moved to its new key(s), warning on {@code err}.
     *
     * @param where for messages: {@code in FILE} or {@code in --set k=v}
     * @throws UserError when a file sets both an old key and its new one
     */
    static Config moveToNewKeys(Config given, String where, PrintStream err) {
        Config moved = given;
        for (Map.Entry<String, List<String>> rename : NEW_KEYS.entrySet()) {
            String old = rename.getKey();
            if (!given.hasPath(old)) {
                continue;
            }
            ConfigValue value = given.getValue(old);
            moved = moved.withoutPath(old);
            for (String key : rename.getValue()) {
                if (given.hasPath(key)) {
                    throw new UserError("Setting '" + old + "' " + where + " is the old name of '" + key
                            + "', which is set too: remove '" + old + "'.");
                }
                moved = moved.withValue(key, value);
            }
            if (WARNED.add(old + " " + where)) {
                err.println("dqn: warning: setting '" + old + "' " + where + " is now '"
                        + String.join("' and '", rename.getValue()) + "'; read as that. Rename it: the old name"
                        + " will go.");
            }
        }
        return moved;
    }
}
