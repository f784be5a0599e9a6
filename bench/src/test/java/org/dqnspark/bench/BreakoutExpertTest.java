package org.dqnspark.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.dqnspark.core.config.Settings;
import org.dqnspark.core.env.EnvironmentSettings;
import org.dqnspark.core.env.Games;
import org.junit.jupiter.api.Test;

class BreakoutExpertTest {
    @Test
    void theExpertScoresFarAboveTheRandomPolicyUnderTheEvaluationProtocol() {
        Settings settings = Settings.load(Optional.of(Path.of("..", "conf", "minatar-quick.conf")), List.of(),
                Optional.of(Games.MINATAR_FAMILY));
        EnvironmentSettings evaluation = EnvironmentSettings.forEvaluation(settings);
        double expert = ExpertDemonstrations.score(Games.builtIn("minatar:breakout"), evaluation, 30, 0.05, 1);
        double random = ExpertDemonstrations.score(Games.builtIn("minatar:breakout"), evaluation, 30, 1.0, 1);
        System.out.printf("MinAtar Breakout, 30 games at epsilon 0.05: expert %.2f, random %.2f%n", expert, random);
        assertTrue(expert > 10 * Math.max(random, 0.3), "expert " + expert + ", random " + random);
    }
}
