package io.redq.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away redis-server on a free loopback port with persistence off, started for one
 * benchmark run and stopped by its PID on close (and by a shutdown hook if the run is cut short).
 */
final class LocalRedis implements AutoCloseable {

    private final Process process;
    private final Path dir;
    private final RedisTarget target;
    private final Thread hook;

    private LocalRedis(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.target = RedisTarget.parse("redis://127.0.0.1:" + port).withPid(process.pid());
        this.hook = new Thread(this::stopProcess, "bench-redis-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Starts {@code redis-server} from the PATH and waits until it answers PING. */
    static LocalRedis start() {
        try {
            Path dir = Files.createTempDirectory("redq-bench-redis");
            int port = freePort();
            ProcessBuilder pb = new ProcessBuilder(List.of("redis-server", "--port", String.valueOf(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
                    "--dir", dir.toString()));
            pb.redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile());
            LocalRedis redis = new LocalRedis(pb.start(), dir, port);
            redis.awaitPing();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start redis-server (is it on the PATH?)", e);
        }
    }

    RedisTarget target() {
        return target;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitPing() throws IOException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited at start: " + Files.readString(dir.resolve("redis.log")));
            }
            try (Resp r = Resp.connect(target)) {
                if ("PONG".equals(r.call("PING"))) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                sleep(50);
            }
        }
        close();
        throw new IOException("redis-server on port " + target.port() + " did not answer PING within 10 s");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopProcess() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) anyway
        }
        try (var files = Files.walk(dir)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
