package org.dqnspark.core.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmPropertiesTest {
    @Test
    void theFlagsAreWordsSparkNeedsOnJava17() {
        List<String> flags = JvmProperties.flags();
        assertTrue(flags.contains("--add-opens=java.base/java.lang=ALL-UNNAMED"), flags.toString());
        assertTrue(flags.stream().noneMatch(flag -> flag.isBlank() || flag.contains("\\")), flags.toString());
    }

    @Test
    void mainWritesTheLaunchersFilesOneFlagAndOneVariableALine(@TempDir Path dir) throws Exception {
        JvmProperties.main(new String[] {dir.resolve("jvm").toString()});
        assertEquals(JvmProperties.flags(), Files.readAllLines(dir.resolve("jvm").resolve(JvmProperties.FLAGS_FILE)));
        List<String> environment = new ArrayList<>();
        JvmProperties.nativeEnvironment().forEach((name, value) -> environment.add(name + "=" + value));
        assertTrue(environment.contains("OMP_WAIT_POLICY=passive"), environment.toString());
        assertEquals(environment, Files.readAllLines(dir.resolve("jvm").resolve(JvmProperties.NATIVE_ENV_FILE)));
    }
}
