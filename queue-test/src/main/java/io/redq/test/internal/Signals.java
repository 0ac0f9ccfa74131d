package io.redq.test.internal;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Sends POSIX signals that {@link ProcessHandle} cannot: SIGSTOP and SIGCONT, used to
 * freeze a server or worker in place (a "GC pause" or a hung host) and let it go again.
 *
 * <p>It runs the {@code kill} command, so it works where a POSIX {@code kill} is on PATH.
 */
public final class Signals {

    private Signals() {
    }

    /**
     * Freezes a process with SIGSTOP.
     *
     * @param pid the process id
     * @throws IllegalStateException if {@code kill -STOP} fails or cannot be run
     */
    public static void stop(long pid) {
        send("STOP", pid);
    }

    /**
     * Lets a frozen process run again with SIGCONT.
     *
     * @param pid the process id
     * @throws IllegalStateException if {@code kill -CONT} fails or cannot be run
     */
    public static void resume(long pid) {
        send("CONT", pid);
    }

    private static void send(String signal, long pid) {
        ProcessBuilder builder = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                .redirectErrorStream(true);
        try {
            Process kill = builder.start();
            String output = new String(kill.getInputStream().readAllBytes()).trim();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new IllegalStateException("kill -" + signal + " " + pid + " did not finish in 10 s");
            }
            if (kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed with exit code "
                        + kill.exitValue() + ": " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run 'kill -" + signal + " " + pid
                    + "'; pause/resume needs a POSIX kill command on PATH", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + signal + " to " + pid, e);
        }
    }
}
