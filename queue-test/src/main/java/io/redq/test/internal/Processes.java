package io.redq.test.internal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Small process chores shared by the server and JVM helpers: finding an executable on
 * PATH and waiting for a process to exit without losing an interrupt.
 */
public final class Processes {

    private Processes() {
    }

    /**
     * Finds an executable the way a shell would, by searching the {@code PATH} variable.
     *
     * @param name the file name, e.g. {@code redis-server}; must not be null
     * @return the first executable file of that name on PATH; empty if there is none
     */
    public static Optional<Path> findOnPath(String name) {
        String path = Objects.requireNonNullElse(System.getenv("PATH"), "");
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Waits up to {@code timeout} for a process to exit. An interrupt does not cut the wait
     * short; the thread's interrupt flag is set again before returning.
     *
     * @param process the process; must not be null
     * @param timeout how long to wait; must not be null
     * @return true if the process has exited
     */
    public static boolean awaitExit(Process process, Duration timeout) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                try {
                    return process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
