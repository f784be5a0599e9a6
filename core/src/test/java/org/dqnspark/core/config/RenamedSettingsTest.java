package org.dqnspark.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dqnspark.core.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys renamed to carry their unit and one home keep working, saying so once. */
class RenamedSettingsTest {
    @TempDir
    Path dir;

    @Test
    void everyOldKeyNamesKeysThatReferenceConfDeclares() {
        Settings defaults = Settings.defaults();
        RenamedSettings.NEW_KEYS.values().forEach(keys -> keys.forEach(key -> defaults.getDouble(key)));
    }

    @Test
    void anOldKeyInAConfFileIsReadAsItsNewKey() throws Exception {
        Path conf = Files.writeString(dir.resolve("old.conf"), String.join("\n",
                "dqn.cycle { steps = 1234, replay-start-size = 99, update-frequency = 7 }",
                "dqn.cycle.final-exploration-step = 5000", ""));
        Settings s = Settings.load(conf, List.of());
        assertEquals(1234, s.getLong("dqn.cycle.agent-steps"));
        assertEquals(99, s.getLong("dqn.train.replay-start-size"));
        assertEquals(7, s.getInt("dqn.train.update-frequency"));
        assertEquals(5000, s.getLong("dqn.exploration.final-agent-step"));
    }

    @Test
    void theOldFixedCollectEpsilonBecomesAScheduleThatStartsAndEndsAtIt() {
        Settings s = Settings.withOverrides(List.of("dqn.collect.epsilon=0.3"));
        assertEquals(0.3, s.getDouble("dqn.exploration.initial"));
        assertEquals(0.3, s.getDouble("dqn.exploration.final"));
    }

    @Test
    void theWarningIsOneLineNamingTheOldKeyTheNewKeyAndWhereItWasSet() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        RenamedSettings.moveToNewKeys(ConfigFactory.parseString("dqn.collect.steps = 10"), "in --set dqn.collect.steps=10",
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, printed.lines().count(), printed);
        assertTrue(printed.contains("'dqn.collect.steps' in --set dqn.collect.steps=10 is now 'dqn.collect.agent-steps'"),
                printed);
    }

    @Test
    void settingBothTheOldAndTheNewKeyIsAnErrorNamingBoth() throws Exception {
        Path conf = Files.writeString(dir.resolve("both.conf"), "dqn.cycle { steps = 1, agent-steps = 2 }\n");
        UserError e = assertThrows(UserError.class, () -> Settings.load(conf, List.of()));
        assertTrue(e.getMessage().contains("'dqn.cycle.steps'") && e.getMessage().contains("'dqn.cycle.agent-steps'")
                && e.getMessage().contains(conf.toString()), e.getMessage());
    }
}
