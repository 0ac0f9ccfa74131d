package io.redq.ratelimit.it;

import io.redq.test.JvmProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A worker JVM, either a plain {@link JvmProcess} or one whose clock is shifted with libfaketime.
 * The skewed JVM is started with {@code LD_PRELOAD=libfaketime FAKETIME=+0.2s java ...} rather than
 * {@code faketime -f +0.2s java ...}: the faketime program forks the JVM and stays its parent, so a
 * kill -9 would hit faketime and leave the JVM running. JvmProcess cannot set environment variables,
 * hence the small launcher here.
 */
abstract class WorkerJvm implements AutoCloseable {

    /** Small, quick-starting children: two cores run four of them next to Redis and the test. */
    static final List<String> JVM_ARGS = List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xss512k");
    private static final List<Path> LIBFAKETIME = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"),
            Path.of("/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1"),
            Path.of("/usr/lib/faketime/libfaketime.so.1"),
            Path.of("/usr/local/lib/faketime/libfaketime.so.1"));

    abstract void awaitOutput(String substring, Duration timeout);

    abstract List<String> outputLines();

    abstract long pid();

    /** SIGKILL, and wait until it is gone. */
    abstract void kill();

    @Override
    public abstract void close();

    static WorkerJvm start(Class<?> main, List<String> args) {
        return new Plain(JvmProcess.start(main, args, java.util.Map.of(), JVM_ARGS));
    }

    /** libfaketime's library, if installed (Debian: {@code apt-get install faketime}). */
    static Optional<Path> libfaketime() {
        return LIBFAKETIME.stream().filter(Files::isReadable).findFirst();
    }

    /**
     * Starts {@code main} with its wall clock shifted by {@code skew} (e.g. "+0.2s").
     *
     * @throws IllegalStateException if libfaketime is not installed
     */
    static WorkerJvm startSkewed(Class<?> main, List<String> args, String skew) {
        Path lib = libfaketime().orElseThrow(() -> new IllegalStateException("libfaketime is not installed"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_ARGS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("LD_PRELOAD", lib.toString());
        // monotonic clocks are shifted too, which changes no duration; FAKETIME_DONT_FAKE_MONOTONIC=1
        // would be wrong here: with it, libfaketime 0.9.10 makes every timed wait (parkNanos, wait(ms))
        // return at once, and the JVM spins
        pb.environment().put("FAKETIME", skew);
        try {
            return new Skewed(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a skewed JVM for " + main.getName(), e);
        }
    }

    private static final class Plain extends WorkerJvm {
        private final JvmProcess jvm;

        Plain(JvmProcess jvm) {
            this.jvm = jvm;
        }

        @Override
        void awaitOutput(String substring, Duration timeout) {
            jvm.awaitOutput(substring, timeout);
        }

        @Override
        List<String> outputLines() {
            return jvm.outputLines();
        }

        @Override
        long pid() {
            return jvm.pid();
        }

        @Override
        void kill() {
            jvm.kill();
        }

        @Override
        public void close() {
            jvm.close();
        }
    }

    private static final class Skewed extends WorkerJvm {
        private final Process process;
        private final Thread reaper;
        private final List<String> lines = new ArrayList<>();
        private boolean ended;

        Skewed(Process process) {
            this.process = process;
            this.reaper = new Thread(process::destroyForcibly, "skewed-jvm-reaper-" + process.pid());
            Runtime.getRuntime().addShutdownHook(reaper); // never outlive the test JVM
            Thread reader = new Thread(this::read, "skewed-jvm-output-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the stream closes when the process dies
            } finally {
                synchronized (lines) {
                    ended = true;
                    lines.notifyAll();
                }
            }
        }

        @Override
        void awaitOutput(String substring, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (lines) {
                while (lines.stream().noneMatch(l -> l.contains(substring))) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (ended || left <= 0) {
                        throw new AssertionError("skewed JVM " + pid() + " did not print '" + substring + "': "
                                + String.join("\n", lines));
                    }
                    try {
                        lines.wait(left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AssertionError("interrupted", e);
                    }
                }
            }
        }

        @Override
        List<String> outputLines() {
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }

        @Override
        long pid() {
            return process.pid();
        }

        @Override
        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                kill();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException jvmShuttingDown) {
                // the hook runs anyway
            }
        }
    }
}
