package io.redq.test.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One incarnation of a redis-server OS process: started, polled until it answers PING and
 * has loaded its data, then killed. {@code RedisServer} creates a new one on every restart.
 *
 * <p>Output goes to a log file (appended, so a restart keeps the earlier log) whose tail
 * ends every failure message.
 */
public final class RedisProcess {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(20);
    private static final int LOG_TAIL_LINES = 30;

    private final Process process;
    private final Path logFile;

    private RedisProcess(Process process, Path logFile) {
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Runs redis-server and waits until it is ready.
     *
     * @param commandLine the executable and its arguments; must not be null
     * @param dir         the working directory; must not be null
     * @param logFile     where stdout and stderr are appended; must not be null
     * @param host        the address it listens on; must not be null
     * @param port        the port it listens on
     * @param timeout     how long it may take to answer PING with {@code loading:0}
     * @return the ready process
     * @throws IllegalStateException if it cannot be run, exits, or is not ready in time; the
     *                               process is then killed and the message ends with the log
     */
    public static RedisProcess launch(List<String> commandLine, Path dir, Path logFile,
                                      String host, int port, Duration timeout) {
        return launch(commandLine, dir, logFile, port, timeout, () -> "PONG".equals(Resp.call(host, port,
                PROBE_TIMEOUT, "PING")) && Resp.call(host, port, PROBE_TIMEOUT, "INFO", "persistence")
                .lines().anyMatch("loading:0"::equals));
    }

    /** Asks a starting process whether it is ready yet. */
    @FunctionalInterface
    public interface ReadyCheck {
        /**
         * @return true once the process serves requests
         * @throws IOException if it cannot be reached yet
         */
        boolean ready() throws IOException;
    }

    /**
     * Runs redis-server (as a server, a sentinel, a TLS server...) and waits until {@code check} says
     * it is ready.
     *
     * @param commandLine the executable and its arguments; must not be null
     * @param dir         the working directory; must not be null
     * @param logFile     where stdout and stderr are appended; must not be null
     * @param port        the port it listens on (for messages)
     * @param timeout     how long it may take to become ready
     * @param check       polled every 20 ms; an exception counts as "not yet"
     * @return the ready process
     * @throws IllegalStateException if it cannot be run, exits, or is not ready in time; the
     *                               process is then killed and the message ends with the log
     */
    public static RedisProcess launch(List<String> commandLine, Path dir, Path logFile, int port,
                                      Duration timeout, ReadyCheck check) {
        ProcessBuilder builder = new ProcessBuilder(commandLine)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        try {
            RedisProcess redis = new RedisProcess(builder.start(), logFile);
            redis.awaitReady(port, timeout, check);
            return redis;
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + commandLine.get(0) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Picks a port that is free on the given loopback address right now. Another process may
     * still take it before redis-server binds it; callers retry on "Address already in use".
     *
     * @param host the address to probe; must not be null
     * @return a free port
     * @throws UncheckedIOException if no port can be bound
     */
    public static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("could not find a free port on " + host, e);
        }
    }

    /** @return the OS process id */
    public long pid() {
        return process.pid();
    }

    /** @return whether the process is alive (also while stopped by SIGSTOP) */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGKILL and waits until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        Processes.awaitExit(process, STOP_TIMEOUT);
    }

    /**
     * Sends SIGTERM and waits for a graceful exit.
     *
     * @param timeout how long to wait; must not be null
     * @return true if the process exited in time
     */
    public boolean terminate(Duration timeout) {
        process.destroy();
        return Processes.awaitExit(process, timeout);
    }

    private void awaitReady(int port, Duration timeout, ReadyCheck check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String problem = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw failure("redis-server exited with code " + process.exitValue());
            }
            try {
                if (check.ready()) {
                    return;
                }
                problem = "not ready (still loading its data?)";
            } catch (IOException | IllegalStateException e) {
                problem = e.toString();
            }
            Processes.awaitExit(process, PROBE_INTERVAL);
        }
        throw failure("redis-server on port " + port + " was not ready within "
                + timeout.toSeconds() + " s (" + problem + ")");
    }

    private IllegalStateException failure(String reason) {
        kill();
        return new IllegalStateException(reason + "; " + logFile + " ends with:\n"
                + TempFiles.tail(logFile, LOG_TAIL_LINES));
    }
}
