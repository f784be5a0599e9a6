package org.dqnspark.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * One {@code dqn} command run in this JVM with what it printed: commands that print through {@code System.out}
 * ({@code dqn import}, {@code dqn train}) as well as through the writer {@link Dqn#execute} hands them.
 *
 * @param exit its exit code
 * @param out  what it printed to standard output (both routes)
 * @param err  what it printed to standard error
 */
record CommandRun(int exit, String out, String err) {

    static CommandRun dqn(String... args) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Dqn.execute(args, new PrintWriter(printed, true, StandardCharsets.UTF_8),
                    new PrintWriter(err, true));
        } finally {
            System.setOut(stdout);
        }
        return new CommandRun(exit, printed.toString(StandardCharsets.UTF_8), err.toString());
    }
}
