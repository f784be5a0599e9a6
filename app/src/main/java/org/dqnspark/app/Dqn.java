package org.dqnspark.app;

import java.io.PrintWriter;
import java.util.Optional;
import org.dqnspark.app.plot.PlotCommand;
import org.dqnspark.app.visualize.VisualizeCommand;
import org.dqnspark.core.UserError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.dqnspark.trainer.TrainingDiverged;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dqn} command: one subcommand per job. Thin: it parses, builds settings and calls a job. */
@Command(name = "dqn", mixinStandardHelpOptions = true, version = "dqn-spark 0.1.0",
        description = "Deep Q-learning for Atari 2600 games as an Apache Spark batch pipeline.",
        subcommands = {CycleCommand.class, CollectCommand.class, TrainCommand.class, EvaluateCommand.class, PlayCommand.class,
            ImportCommand.class,
            RecordCommand.class, SqlCommand.class, StoreCommand.class, PlotCommand.class, VisualizeCommand.class,
            CommandLine.HelpCommand.class})
public final class Dqn {
    /** Traces that the console spares the user go to the log file ({@code log4j2.properties}). */
    private static final Logger TRACE = LoggerFactory.getLogger("dqn.trace");

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs {@code dqn args} in this JVM and returns its exit code (0 success, 2 bad input, 1 failure). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new Dqn());
        commandLine.addSubcommand(SqlServerModule.COMMAND, SqlServerModule.command());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            UserError userError = findUserError(e);
            if (userError != null) {
                cmd.getErr().println("dqn " + cmd.getCommandName() + ": " + userError.getMessage());
                return UserError.EXIT_CODE;
            }
            Optional<DamagedFile> damaged = DamagedFile.in(e);
            if (damaged.isPresent()) {
                TRACE.error("dqn " + cmd.getCommandName() + " met a damaged file", e);
                cmd.getErr().println("dqn " + cmd.getCommandName() + ": " + damaged.get().message(traceFile()));
                return UserError.EXIT_CODE;
            }
            if (outOfMemory(e)) {
                // One line with what to change; Spark has logged where it happened.
                cmd.getErr().println("dqn " + cmd.getCommandName() + ": " + OutOfMemory.advice(
                        cmd.getMixins().get("job") instanceof JobOptions job ? job.resolved() : Optional.empty()));
                return 1;
            }
            if (e instanceof TrainingDiverged) {
                // Not a bug to trace: the message says what happened and what was kept.
                cmd.getErr().println("dqn " + cmd.getCommandName() + ": " + e.getMessage());
                return 1;
            }
            cmd.getErr().println("dqn " + cmd.getCommandName() + " failed: " + e);
            e.printStackTrace(cmd.getErr());
            return 1;
        });
        return commandLine.execute(args);
    }

    /** The file that holds the traces: {@code -Ddqn.log.file}, by default dqn-spark.log in the temporary directory. */
    static String traceFile() {
        return System.getProperty("dqn.log.file",
                java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "dqn-spark.log").toString());
    }

    /** The JVM ran out of memory, here or in a Spark task (whose error reaches us as the text of its cause). */
    static boolean outOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError || String.valueOf(t.getMessage()).contains("java.lang.OutOfMemoryError")) {
                return true;
            }
        }
        return false;
    }

    /** A UserError, possibly wrapped by Spark (task failures) or reflection. */
    private static UserError findUserError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UserError userError) {
                return userError;
            }
        }
        return null;
    }
}
