package io.redq.test;

/** A child JVM for {@link JvmProcessIT}: says on stderr which code it exits with, then exits. */
public final class ExitCodeMain {

    private ExitCodeMain() {
    }

    /** @param args one argument: the exit code */
    public static void main(String[] args) {
        int code = Integer.parseInt(args[0]);
        System.err.println("exiting with " + code);
        System.exit(code);
    }
}
