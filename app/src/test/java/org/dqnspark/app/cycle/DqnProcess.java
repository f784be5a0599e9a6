package org.dqnspark.app.cycle;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.dqnspark.app.Dqn;
import org.dqnspark.app.TestJvm;
import org.dqnspark.core.spark.PausePoints;

/**
 * {@code dqn ...} in a child JVM of its own (the test JVM's classpath and dqn-spark's JVM flags), so a
 * test can kill it for real: {@link Process#destroyForcibly()} is SIGKILL, {@code kill -9}.
 */
final class DqnProcess {
    private final Process process;
    private final Path log;

    private DqnProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static DqnProcess start(Path log, List<String> args) throws IOException {
        return start(log, args, null);
    }

    /**
     * As {@link #start(Path, List)}, with {@code -Ddqn.pause-at=pauseAt} ({@link PausePoints}) unless null: the
     * job stops there and prints {@code dqn: paused at ...}, so the test kills it at a point it chose.
     */
    static DqnProcess start(Path log, List<String> args, String pauseAt) throws IOException {
        List<String> command = new ArrayList<>(TestJvm.command("3g", Dqn.class));
        if (pauseAt != null) {
            command.add(1, "-D" + PausePoints.PROPERTY + "=" + pauseAt);
        }
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new DqnProcess(process, log);
    }

    /** Waits until the output has a line matching {@code regex}; fails if the process ends first or time runs out. */
    String awaitLine(String regex, Duration timeout) throws IOException, InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (pattern.matcher(line).find()) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                fail("dqn ended (exit " + process.exitValue() + ") before printing a line matching " + regex + ":\n"
                        + output());
            }
            Thread.sleep(200);
        }
        process.destroyForcibly().waitFor();
        return fail("no line matching " + regex + " within " + timeout + ":\n" + output());
    }

    /** kill -9, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /**
     * Sends {@code signal} ({@code INT} as Ctrl-C does, {@code TERM} as {@code kill} and schedulers do) and waits
     * for the process to end; fails if it has not within {@code timeout}. Returns its exit code.
     */
    int stopWith(String signal, Duration timeout) throws InterruptedException, IOException {
        new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            kill();
            fail("dqn did not stop within " + timeout + " of SIG" + signal + ":\n" + output());
        }
        return process.exitValue();
    }

    /** Waits for the process to end by itself; returns its exit code. */
    int await(Duration timeout) throws InterruptedException, IOException {
        if (!process.waitFor(timeout.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
            kill();
            fail("dqn did not finish within " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }
}
