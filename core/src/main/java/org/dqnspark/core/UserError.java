package org.dqnspark.core;

/**
 * A mistake in what the user asked for (a missing ROM, a malformed setting, a missing snapshot):
 * the command prints the message alone, without a stack trace, and exits with {@link #EXIT_CODE}.
 * Every message names the file or key at fault and says what to do.
 */
public class UserError extends RuntimeException {
    /** The exit code of a command that stopped on bad input (picocli's code for usage errors). */
    public static final int EXIT_CODE = 2;

    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
