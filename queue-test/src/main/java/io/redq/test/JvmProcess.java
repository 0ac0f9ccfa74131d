package io.redq.test;

import io.redq.test.internal.Processes;
import io.redq.test.internal.Reaper;
import io.redq.test.internal.Signals;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Java main class running in its own JVM, so a crash test can kill a worker for real
 * (SIGKILL, no shutdown hooks, no finally blocks) while the test JVM survives to check
 * what the queue did about it.
 *
 * <p>The child gets this JVM's {@code java} executable and class path. Its stdout and
 * stderr, merged, are kept in memory ({@link #outputLines()}) and copied to a temp log file
 * ({@link #logFile()}) that {@link #close()} deletes. A JVM shutdown hook kills any child
 * still alive when the test JVM exits.
 *
 * <pre>{@code
 * try (JvmProcess worker = JvmProcess.start(WorkerMain.class, List.of("emails"))) {
 *     worker.awaitOutput("READY", Duration.ofSeconds(30));
 *     worker.kill();
 * }
 * }</pre>
 *
 * <p>Instances are thread-safe. Parameters must not be null.
 */
public final class JvmProcess implements AutoCloseable {

    private static final Duration READER_DRAIN_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);
    private static final int TAIL_LINES = 30;

    private final String name;
    private final Process process;
    private final Path logFile;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;
    private boolean outputEnded;

    private JvmProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.reader = new Thread(this::copyOutput, "redq-test-output-" + name);
        this.reader.setDaemon(true);
    }

    /**
     * Starts {@code mainClass} in a new JVM with no extra system properties or JVM options.
     *
     * @param mainClass a class with a {@code public static void main(String[])}; must not be null
     * @param args      the program arguments; must not be null or contain null
     * @return the running process
     * @throws UncheckedIOException if the JVM or its log file cannot be created
     */
    public static JvmProcess start(Class<?> mainClass, List<String> args) {
        return start(mainClass, args, Map.of(), List.of());
    }

    /**
     * Starts {@code mainClass} in a new JVM.
     *
     * @param mainClass        a class with a {@code public static void main(String[])}; must not be null
     * @param args             the program arguments; must not be null or contain null
     * @param systemProperties passed as {@code -Dkey=value}; must not be null
     * @param jvmArgs          JVM options such as {@code -Xmx64m}, placed before the class path;
     *                         must not be null or contain null
     * @return the running process
     * @throws UncheckedIOException if the JVM or its log file cannot be created
     */
    public static JvmProcess start(Class<?> mainClass, List<String> args,
                                   Map<String, String> systemProperties, List<String> jvmArgs) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(args);
        String name = mainClass.getSimpleName();
        try {
            Path logFile = Files.createTempFile("redq-jvm-" + name + "-", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            JvmProcess jvm = new JvmProcess(name, process, logFile);
            Reaper.register(jvm);
            jvm.reader.start();
            return jvm;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a JVM for " + mainClass.getName(), e);
        }
    }

    /** @return the OS process id of the child JVM */
    public long pid() {
        return process.pid();
    }

    /** @return whether the child JVM is alive (also while {@linkplain #pause() paused}) */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return the file the child's output is copied to; never null; deleted by {@link #close()} */
    public Path logFile() {
        return logFile;
    }

    /** @return a snapshot of the output lines so far, stdout and stderr merged; never null */
    public List<String> outputLines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /**
     * Waits until a line of output contains {@code substring}; lines printed before this call count.
     *
     * @param substring the text to look for; must not be null
     * @param timeout   how long to wait; must not be null
     * @throws AssertionError if the process ended its output without printing it, or the
     *                        timeout passed; the message ends with the last lines of output
     */
    public void awaitOutput(String substring, Duration timeout) {
        Objects.requireNonNull(substring, "substring must not be null");
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        synchronized (lines) {
            while (true) {
                for (; checked < lines.size(); checked++) {
                    if (lines.get(checked).contains(substring)) {
                        return;
                    }
                }
                long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
                if (outputEnded || remainingMillis <= 0) {
                    String wanted = "a line containing '" + substring + "'";
                    throw new AssertionError(outputEnded
                            ? name + " exited without printing " + wanted + tail()
                            : name + " did not print " + wanted + " within " + timeout + tail());
                }
                waitForLines(remainingMillis);
            }
        }
    }

    /** Kills the child with SIGKILL, as a crash would, and waits until it is gone. */
    public void kill() {
        process.toHandle().destroyForcibly(); // unlike Process.destroyForcibly, keeps output already in the pipe
        Processes.awaitExit(process, KILL_TIMEOUT);
        drainOutput();
    }

    /**
     * Asks the child to stop with SIGTERM, which runs its shutdown hooks; does not wait.
     * A {@linkplain #pause() paused} child only acts on it once resumed.
     */
    public void terminate() {
        process.toHandle().destroy(); // unlike Process.destroy, does not close the output: hooks may still print
    }

    /**
     * Waits for the child to exit and for its output to be read.
     *
     * @param timeout how long to wait; must not be null
     * @return the exit code (143 after SIGTERM and 137 after SIGKILL, on Linux)
     * @throws AssertionError if it is still running after {@code timeout}
     */
    public int waitForExit(Duration timeout) {
        if (!Processes.awaitExit(process, timeout)) {
            throw new AssertionError(name + " (pid " + pid() + ") was still running after " + timeout + tail());
        }
        drainOutput();
        return process.exitValue();
    }

    /**
     * Freezes the child with SIGSTOP, like a long GC pause: its threads, heartbeats and lock
     * renewals all stop.
     *
     * @throws IllegalStateException if the signal cannot be sent
     */
    public void pause() {
        Signals.stop(pid());
    }

    /**
     * Lets a paused child run again with SIGCONT.
     *
     * @throws IllegalStateException if the signal cannot be sent
     */
    public void resume() {
        Signals.resume(pid());
    }

    /** Kills the child if it is alive and deletes the log file. Calling it again does nothing more. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        Reaper.unregister(this);
        try {
            Files.deleteIfExists(logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + logFile, e);
        }
    }

    @Override
    public String toString() {
        return "JvmProcess[" + name + ", pid=" + pid() + "]";
    }

    private void copyOutput() {
        try (BufferedReader in = new BufferedReader(
                     new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             BufferedWriter log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                log.write(line);
                log.newLine();
                log.flush();
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the stream closes when the process is killed or the log file is deleted: output ends here
        } finally {
            synchronized (lines) {
                outputEnded = true;
                lines.notifyAll();
            }
        }
    }

    private void drainOutput() {
        try {
            reader.join(READER_DRAIN_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void waitForLines(long millis) {
        try {
            lines.wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for output of " + name, e);
        }
    }

    private String tail() {
        List<String> all = outputLines();
        return "; last output:\n" + String.join("\n", all.subList(Math.max(0, all.size() - TAIL_LINES), all.size()));
    }
}
