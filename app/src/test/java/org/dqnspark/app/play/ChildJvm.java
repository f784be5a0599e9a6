package org.dqnspark.app.play;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dqnspark.app.TestJvm;

/**
 * A main class of the test's classpath in a JVM of its own, with dqn-spark's JVM flags and the environment the
 * test chooses (DISPLAY of a {@link VirtualDisplay}, or none), its output to a log; killable for real
 * ({@link Process#destroyForcibly()} is SIGKILL).
 */
final class ChildJvm {
    private final Process process;
    private final Path log;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Runs {@code mainClass args} with DISPLAY set to {@code display}, or unset when it is null. */
    static ChildJvm start(Path log, String display, Class<?> mainClass, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(TestJvm.command("2g", mainClass));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.remove("DISPLAY");
        environment.remove("XAUTHORITY");
        if (display != null) {
            environment.put("DISPLAY", display);
        }
        return new ChildJvm(builder.start(), log);
    }

    /** Waits until the output has {@code count} lines matching {@code regex}; returns the last match. */
    Matcher awaitLines(String regex, int count, Duration timeout) throws IOException, InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher last = null;
            int found = 0;
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    found++;
                    last = m;
                }
            }
            if (found >= count) {
                return last;
            }
            if (!process.isAlive()) {
                return fail("the child ended (exit " + process.exitValue() + ") before printing " + count
                        + " lines matching " + regex + ":\n" + output());
            }
            Thread.sleep(20);
        }
        process.destroyForcibly().waitFor();
        return fail("no " + count + " lines matching " + regex + " within " + timeout + ":\n" + output());
    }

    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Waits for the process to end by itself; returns its exit code. */
    int await(Duration timeout) throws InterruptedException, IOException {
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            kill();
            fail("the child did not finish within " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }
}
