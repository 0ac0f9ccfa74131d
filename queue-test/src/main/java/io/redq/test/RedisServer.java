package io.redq.test;

import io.redq.test.internal.Processes;
import io.redq.test.internal.Reaper;
import io.redq.test.internal.RedisProcess;
import io.redq.test.internal.Resp;
import io.redq.test.internal.Signals;
import io.redq.test.internal.TempFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A throw-away {@code redis-server} process on a free loopback port, for tests that need
 * to break Redis on purpose: kill it, restart it (reloading its append-only file), or
 * freeze it with SIGSTOP.
 *
 * <p>Each server gets a fresh temp directory (its data and {@code redis.log}) that
 * {@link #close()} deletes. A JVM shutdown hook kills any server still running, so none
 * outlives the test JVM. Use it with try-with-resources:
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start()) {
 *     redis.command("SET", "k", "v");
 *     redis.kill();
 *     redis.restart();
 * }
 * }</pre>
 *
 * <p>Instances are thread-safe. Parameters must not be null.
 */
public final class RedisServer implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);
    private static final int PORT_ATTEMPTS = 5;

    private final Options options;
    private final Path executable;
    private final Path dir;
    private final int port;
    private final javax.net.ssl.SSLSocketFactory tlsSockets;
    private RedisProcess process;
    private boolean paused;
    private boolean closed;

    private RedisServer(Options options, Path executable, Path dir, int port) {
        this.options = options;
        this.executable = executable;
        this.dir = dir;
        this.port = port;
        this.tlsSockets = options.tls() != null ? options.tls().socketFactory() : null;
    }

    /**
     * Starts a server with {@link Options#defaults()} (no persistence at all).
     *
     * @return a running server, answering PING
     * @throws IllegalStateException if {@code redis-server} is not on PATH or does not start
     */
    public static RedisServer start() {
        return start(Options.defaults());
    }

    /**
     * Starts a server with the given options and waits (up to 10 s) until it answers PING
     * and has finished loading. If another process grabs the chosen port first, it retries
     * on another free port a few times.
     *
     * @param options how to configure the server; must not be null
     * @return a running server
     * @throws IllegalStateException if {@code redis-server} is not on PATH, or if it exits or
     *                               does not answer in time (the message ends with its log)
     */
    public static RedisServer start(Options options) {
        Objects.requireNonNull(options, "options must not be null");
        Path executable = options.executable() != null ? options.executable()
                : Processes.findOnPath("redis-server").orElseThrow(() -> new IllegalStateException(
                "redis-server is not on PATH: install Redis (e.g. `apt-get install redis-server`) "
                        + "or set REDIS_URL to a Redis server the tests may use"));
        Path dir = createTempDir();
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            RedisServer server = new RedisServer(options, executable, dir, RedisProcess.freePort(HOST));
            try {
                Files.deleteIfExists(server.logFile());
                server.launch();
                return server;
            } catch (IOException e) {
                failure = new IllegalStateException("could not reset " + server.logFile(), e);
                break;
            } catch (IllegalStateException e) {
                Reaper.unregister(server);
                failure = e;
                if (!e.getMessage().contains("Address already in use")) {
                    break;
                }
            }
        }
        TempFiles.deleteRecursively(dir);
        throw failure;
    }

    /** @return {@code redis://127.0.0.1:<port>}, or {@code rediss://...} with {@link Options.Builder#tls}; never null */
    public String url() {
        return (options.tls() != null ? "rediss://" : "redis://") + HOST + ":" + port;
    }

    /** @return the loopback address the server binds to, {@code 127.0.0.1}; never null */
    public String host() {
        return HOST;
    }

    /** @return the TCP port; it stays the same across {@link #restart()} */
    public int port() {
        return port;
    }

    /** @return the directory holding the server's data files and {@code redis.log}; never null */
    public Path dir() {
        return dir;
    }

    /** @return the process id of the current (or, once killed, the last) redis-server process */
    public synchronized long pid() {
        return process.pid();
    }

    /** @return true if the process is alive, including while it is {@linkplain #pause() paused} */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Kills the server with SIGKILL, as a crash would, and waits until the process is gone.
     * Does nothing if it is not running. Writes not yet fsynced to the AOF are lost.
     */
    public synchronized void kill() {
        if (isRunning()) {
            process.kill();
        }
        paused = false;
    }

    /**
     * Stops the server gracefully with SIGTERM (resuming it first if paused) and waits up to
     * 30 s. Does nothing if it is not running.
     *
     * @throws IllegalStateException if it did not stop in time; it is then killed
     */
    public synchronized void stop() {
        if (!isRunning()) {
            return;
        }
        if (paused) {
            resume();
        }
        if (!process.terminate(STOP_TIMEOUT)) {
            kill();
            throw new IllegalStateException("redis-server on port " + port + " ignored SIGTERM for "
                    + STOP_TIMEOUT.toSeconds() + " s and was killed; see " + logFile());
        }
    }

    /**
     * Kills the server if it is running, then starts it again on the same port and directory,
     * so an append-only file is reloaded. Returns once it answers PING and reports
     * {@code loading:0}.
     *
     * @throws IllegalStateException if the server was closed, or does not come back in time
     *                               (for example because another process took the port)
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException(this + " is closed and cannot be restarted");
        }
        kill();
        launch();
    }

    /**
     * Freezes the server with SIGSTOP: connections stay open but nothing is answered, like a
     * hung host. Commands sent meanwhile time out.
     *
     * @throws IllegalStateException if the server is not running or the signal fails
     */
    public synchronized void pause() {
        checkRunning();
        Signals.stop(process.pid());
        paused = true;
    }

    /**
     * Lets a {@linkplain #pause() paused} server run again with SIGCONT.
     *
     * @throws IllegalStateException if the server is not running or the signal fails
     */
    public synchronized void resume() {
        checkRunning();
        Signals.resume(process.pid());
        paused = false;
    }

    /**
     * Sends one command on a new connection and returns the reply as text, waiting up to 5 s.
     *
     * @param args the command and its arguments, e.g. {@code "CONFIG", "GET", "appendonly"}
     * @return simple and bulk strings as they are, integers in decimal, arrays as their
     *         elements joined by {@code \n}; null for a nil reply
     * @throws IllegalStateException if Redis answers with an error reply
     * @throws UncheckedIOException  if the server cannot be reached or does not answer in time
     */
    public String command(String... args) {
        return command(COMMAND_TIMEOUT, args);
    }

    /**
     * Like {@link #command(String...)} with a custom bound for connecting and for the reply.
     *
     * @param timeout how long to wait; must not be null
     * @param args    the command and its arguments
     * @return the reply as text; null for a nil reply
     * @throws IllegalStateException if Redis answers with an error reply
     * @throws UncheckedIOException  if the server cannot be reached or does not answer in
     *                               time (the cause is then a {@link java.net.SocketTimeoutException})
     */
    public String command(Duration timeout, String... args) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        try {
            return Resp.call(tlsSockets, HOST, port, timeout, args);
        } catch (IOException e) {
            throw new UncheckedIOException(Arrays.toString(args) + " to redis-server on port " + port
                    + " failed: " + e.getMessage(), e);
        }
    }

    /** Kills the server if it is running and deletes its directory. Calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        kill();
        TempFiles.deleteRecursively(dir);
        Reaper.unregister(this);
    }

    @Override
    public String toString() {
        return "RedisServer[" + url() + ", dir=" + dir + "]";
    }

    private void launch() {
        Reaper.register(this);
        process = RedisProcess.launch(commandLine(), dir, logFile(), port, STARTUP_TIMEOUT,
                () -> "PONG".equals(Resp.call(tlsSockets, HOST, port, PROBE_TIMEOUT, "PING"))
                        && Resp.call(tlsSockets, HOST, port, PROBE_TIMEOUT, "INFO", "persistence")
                                .lines().anyMatch("loading:0"::equals));
    }

    private List<String> commandLine() {
        TestCertificates tls = options.tls();
        List<String> ports = tls == null ? List.of("--port", Integer.toString(port))
                : List.of("--port", "0", "--tls-port", Integer.toString(port),
                        "--tls-cert-file", tls.serverCertificate().toString(),
                        "--tls-key-file", tls.serverKey().toString(),
                        "--tls-ca-cert-file", tls.caCertificate().toString(), "--tls-auth-clients", "no");
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(ports);
        command.addAll(List.of("--bind", HOST, "--save", "",
                "--appendonly", options.appendOnly() ? "yes" : "no"));
        if (options.appendFsyncAlways()) {
            command.addAll(List.of("--appendfsync", "always"));
        }
        command.addAll(List.of("--dir", dir.toString(), "--daemonize", "no", "--protected-mode", "no"));
        command.addAll(options.extraArgs());
        return command;
    }

    private void checkRunning() {
        if (!isRunning()) {
            throw new IllegalStateException(this + " is not running");
        }
    }

    private Path logFile() {
        return dir.resolve("redis.log");
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("redq-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temp directory for redis-server", e);
        }
    }

    /**
     * How a {@link RedisServer} is configured. Immutable; build one with {@link #builder()}.
     */
    public static final class Options {

        /** Default for {@link Builder#appendOnly(boolean)}: no append-only file. */
        public static final boolean DEFAULT_APPEND_ONLY = false;
        /** Default for {@link Builder#appendFsyncAlways(boolean)}: Redis' own default, everysec. */
        public static final boolean DEFAULT_APPEND_FSYNC_ALWAYS = false;

        private static final Options DEFAULTS = builder().build();

        private final boolean appendOnly;
        private final boolean appendFsyncAlways;
        private final List<String> extraArgs;
        private final TestCertificates tls;
        private final Path executable;

        private Options(Builder builder) {
            this.appendOnly = builder.appendOnly;
            this.appendFsyncAlways = builder.appendFsyncAlways;
            this.extraArgs = builder.extraArgs;
            this.tls = builder.tls;
            this.executable = builder.executable;
        }

        /** @return the redis-server binary to run; null for the one on PATH (the default) */
        public Path executable() {
            return executable;
        }

        /** @return the certificates the server speaks TLS with; null for plain text (the default) */
        public TestCertificates tls() {
            return tls;
        }

        /** @return a new builder holding the defaults; never null */
        public static Builder builder() {
            return new Builder();
        }

        /** @return options with every default: no persistence, no extra arguments; never null */
        public static Options defaults() {
            return DEFAULTS;
        }

        /** @return whether the server writes an append-only file ({@code --appendonly yes}) */
        public boolean appendOnly() {
            return appendOnly;
        }

        /** @return whether every write is fsynced before it is acknowledged ({@code --appendfsync always}) */
        public boolean appendFsyncAlways() {
            return appendFsyncAlways;
        }

        /** @return arguments appended to the command line; unmodifiable, never null */
        public List<String> extraArgs() {
            return extraArgs;
        }

        /** Builds {@link Options}; not thread-safe. */
        public static final class Builder {
            private boolean appendOnly = DEFAULT_APPEND_ONLY;
            private boolean appendFsyncAlways = DEFAULT_APPEND_FSYNC_ALWAYS;
            private List<String> extraArgs = List.of();
            private TestCertificates tls;
            private Path executable;

            private Builder() {
            }

            /**
             * Runs this redis-server binary instead of the one on PATH (e.g. one of another version).
             *
             * @param executable an executable file; must not be null
             * @return this builder
             * @throws IllegalArgumentException if it is not an executable file
             */
            public Builder executable(Path executable) {
                Objects.requireNonNull(executable, "executable must not be null");
                if (!Files.isRegularFile(executable) || !Files.isExecutable(executable)) {
                    throw new IllegalArgumentException("executable " + executable + " is not an executable file");
                }
                this.executable = executable;
                return this;
            }

            /**
             * Makes the server speak TLS only, on its port ({@code --port 0 --tls-port <port>}), with the
             * server certificate of {@code certificates}; clients are not asked for certificates. The
             * server's {@link RedisServer#url()} is then {@code rediss://...}.
             *
             * @param certificates the CA and server certificate; must not be null
             * @return this builder
             */
            public Builder tls(TestCertificates certificates) {
                this.tls = Objects.requireNonNull(certificates, "certificates must not be null");
                return this;
            }

            /**
             * @param appendOnly whether to write an append-only file, so {@link #restart()} reloads data
             * @return this builder
             */
            public Builder appendOnly(boolean appendOnly) {
                this.appendOnly = appendOnly;
                return this;
            }

            /**
             * @param appendFsyncAlways whether to fsync the AOF on every write, so a SIGKILL loses
             *                          no acknowledged write; needs {@code appendOnly(true)}
             * @return this builder
             */
            public Builder appendFsyncAlways(boolean appendFsyncAlways) {
                this.appendFsyncAlways = appendFsyncAlways;
                return this;
            }

            /**
             * Replaces the extra command-line arguments, e.g. {@code "--maxmemory", "10mb"}.
             *
             * @param args the arguments; must not be null or contain null
             * @return this builder
             * @throws NullPointerException if {@code args} or one of its elements is null
             */
            public Builder extraArgs(String... args) {
                this.extraArgs = List.of(Objects.requireNonNull(args, "extraArgs must not be null"));
                return this;
            }

            /**
             * @return the options; never null
             * @throws IllegalArgumentException if {@code appendFsyncAlways} is set without {@code appendOnly}
             */
            public Options build() {
                if (appendFsyncAlways && !appendOnly) {
                    throw new IllegalArgumentException("appendFsyncAlways(true) needs appendOnly(true): "
                            + "without an append-only file there is nothing to fsync");
                }
                return new Options(this);
            }
        }
    }
}
