package org.dqnspark.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.dqnspark.core.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreTheNatureValues() {
        Settings s = Settings.defaults();
        assertEquals(4, s.getInt("dqn.environment.frame-skip"));
        assertEquals(4, s.getInt("dqn.agent.history-length"));
        assertEquals(30, s.getInt("dqn.environment.noop-max"));
        assertEquals(50_000, s.getLong("dqn.collect.agent-steps"));
    }

    @Test
    void aMinAtarGameGetsMinAtarsNetworkOneFramePerStateAndTheMeanLossWhileTheSizesStayTheUsers() {
        Settings s = Settings.load(Optional.empty(), List.of(), Optional.of("minatar"));
        assertEquals("minatar", s.getString("dqn.network.architecture"));
        assertEquals(1, s.getInt("dqn.agent.history-length"));
        assertEquals(false, s.getBoolean("dqn.train.sum-gradients"));
        assertEquals(0.1, s.getDouble("dqn.environment.sticky-action-probability"));
        assertEquals(Settings.defaults().getLong("dqn.train.replay-size"), s.getLong("dqn.train.replay-size"));
        assertEquals(Settings.defaults().getLong("dqn.cycle.agent-steps"), s.getLong("dqn.cycle.agent-steps"));
    }

    @Test
    void theUsersConfAndSetsWinOverTheGamesDefaults() throws Exception {
        Path conf = Files.writeString(dir.resolve("frames.conf"), "dqn.agent.history-length = 2\n");
        Settings s = Settings.load(Optional.of(conf), List.of("dqn.network.architecture=nature"), Optional.of("minatar"));
        assertEquals(2, s.getInt("dqn.agent.history-length"));
        assertEquals("nature", s.getString("dqn.network.architecture"));
        assertEquals(false, s.getBoolean("dqn.train.sum-gradients"), "the rest of the game's defaults still apply");
    }

    @Test
    void anAtariGameKeepsTheNatureSettings() {
        Settings s = Settings.load(Optional.empty(), List.of(), Optional.of("atari"));
        assertEquals("nature", s.getString("dqn.network.architecture"));
        assertEquals(4, s.getInt("dqn.agent.history-length"));
        assertEquals(true, s.getBoolean("dqn.train.sum-gradients"));
    }

    @Test
    void aConfFileThenSetOverridesWinInThatOrder() throws Exception {
        Path conf = Files.writeString(dir.resolve("small.conf"), "dqn.collect { steps = 100, actors = 3 }\n");
        Settings s = Settings.load(conf, List.of("dqn.collect.actors=5"));
        assertEquals(100, s.getLong("dqn.collect.agent-steps"));
        assertEquals(5, s.getInt("dqn.collect.actors"));
    }

    @Test
    void anUnknownKeyIsNamedWithTheNearestKnownOne() {
        UserError e = assertThrows(UserError.class, () -> Settings.withOverrides(List.of("dqn.collect.actros=4")));
        assertTrue(e.getMessage().contains("Unknown setting 'dqn.collect.actros'"), e.getMessage());
        assertTrue(e.getMessage().contains("Did you mean 'dqn.collect.actors'?"), e.getMessage());
    }

    @Test
    void anUnknownKeyInAConfFileNamesTheFile() throws Exception {
        Path conf = Files.writeString(dir.resolve("typo.conf"), "dqn.environment.frameskip = 2\n");
        UserError e = assertThrows(UserError.class, () -> Settings.load(conf, List.of()));
        assertTrue(e.getMessage().contains("'dqn.environment.frameskip'"), e.getMessage());
        assertTrue(e.getMessage().contains(conf.toString()), e.getMessage());
    }

    @Test
    void aValueOfTheWrongTypeNamesTheKey() {
        UserError e = assertThrows(UserError.class, () -> Settings.withOverrides(List.of("dqn.collect.actors=many")));
        assertTrue(e.getMessage().contains("dqn.collect.actors"), e.getMessage());
    }

    @Test
    void aSetWithoutAnEqualsSignIsMalformed() {
        UserError e = assertThrows(UserError.class, () -> Settings.withOverrides(List.of("dqn.collect.actors")));
        assertTrue(e.getMessage().contains("Malformed --set 'dqn.collect.actors'"), e.getMessage());
    }

    @Test
    void aNegativeStepCountIsRejectedWhenRead() {
        Settings s = Settings.withOverrides(List.of("dqn.collect.agent-steps=-5"));
        UserError e = assertThrows(UserError.class, () -> s.positiveLong("dqn.collect.agent-steps"));
        assertEquals("Setting 'dqn.collect.agent-steps' must be a positive whole number, got -5.", e.getMessage());
    }

    @Test
    void aProbabilityAboveOneIsRejected() {
        Settings s = Settings.withOverrides(List.of("dqn.environment.sticky-action-probability=1.5"));
        UserError e = assertThrows(UserError.class, () -> s.fraction("dqn.environment.sticky-action-probability"));
        assertTrue(e.getMessage().contains("between 0 and 1"), e.getMessage());
    }

    @Test
    void aValueOutOfRangeInAConfFileIsToldWithTheFileAndLineThatSetIt() throws Exception {
        Path conf = Files.writeString(dir.resolve("bad.conf"), "dqn.collect.seed = 3\ndqn.collect.actors = 0\n");
        Settings s = Settings.load(conf, List.of());
        UserError e = assertThrows(UserError.class, () -> s.positiveInt("dqn.collect.actors"));
        assertEquals("Setting 'dqn.collect.actors' must be a positive whole number, got 0 (in " + conf + ", line 2).",
                e.getMessage());
    }

    @Test
    void aMissingConfFileIsNamed() {
        Path missing = dir.resolve("missing.conf");
        UserError e = assertThrows(UserError.class, () -> Settings.load(missing, List.of()));
        assertTrue(e.getMessage().contains("Config file not found: " + missing), e.getMessage());
    }

    @Test
    void theRenderedSettingsLoadBackToTheSameValues() throws Exception {
        Settings s = Settings.withOverrides(List.of("dqn.collect.seed=99"));
        Path saved = Files.writeString(dir.resolve("saved.conf"), s.render());
        Settings back = Settings.load(saved, List.of());
        assertEquals(99, back.getLong("dqn.collect.seed"));
        assertEquals(s.render(), back.render(), "every key and value");
    }
}
