package org.dqnspark.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dqnspark.core.spark.JvmProperties;

/**
 * The command line of a JVM of the tests' own making: this JVM's java, dqn-spark's JVM flags (as bin/dqn gives
 * them), the natives' cache of this JVM and its classpath, so that a test can run a dqn command as a process
 * of its own (to kill it, to give it a display, to serve from it, to call it from a notebook).
 */
public final class TestJvm {
    private TestJvm() {
    }

    /** {@code java <flags> -Xmx<maxHeap> -cp <this classpath> <mainClass>}; append the arguments. */
    public static List<String> command(String maxHeap, Class<?> mainClass) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JvmProperties.flags());
        command.add("-Xmx" + maxHeap);
        String natives = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (natives != null) {
            command.add("-Dorg.bytedeco.javacpp.cachedir=" + natives);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        return command;
    }
}
