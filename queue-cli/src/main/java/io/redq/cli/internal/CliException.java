package io.redq.cli.internal;

/**
 * Why: a command that ends with a message and a documented exit code (not found, nothing matched,
 * not confirmed) throws this; the tool prints the message on stderr and exits with the code.
 */
public final class CliException extends RuntimeException {

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
