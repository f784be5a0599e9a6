package org.dqnspark.core.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.dqnspark.core.testing.TestSpark;
import org.junit.jupiter.api.Test;

class NativeEnvironmentTest {
    private final Map<String, String> declared = JvmProperties.nativeEnvironment();

    @Test
    void jvmPropertiesDeclaresThePassiveOpenMpWaitPolicy() {
        assertFalse(declared.isEmpty());
        assertEquals("passive", declared.get("OMP_WAIT_POLICY"));
    }

    @Test
    void everyDeclaredVariableIsSetInTheTestJvmsEnvironment() {
        // The parent pom lists each one in surefire's environmentVariables; a missing line fails here.
        declared.forEach((name, value) -> assertEquals(value, System.getenv(name), name));
    }

    @Test
    void sparkExecutorsGetEveryDeclaredVariable() {
        SparkConf conf = TestSpark.session().sparkContext().getConf();
        declared.forEach((name, value) -> assertEquals(value, conf.get("spark.executorEnv." + name), name));
    }
}
