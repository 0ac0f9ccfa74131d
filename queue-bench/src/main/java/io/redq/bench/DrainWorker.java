package io.redq.bench;

import io.redq.TaskQueue;
import io.redq.TaskHandler;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A worker JVM for the multi-JVM drain. Args: redisUrl queue concurrency [warmupRoundTasks
 * [warmupSeconds]].
 * Connects, drains rounds of warmupRoundTasks tasks of its own until the JIT settled
 * ({@link JitWarmUp}, as in the one-JVM drains), starts its worker on the queue (paused by the
 * benchmark until it starts the clock) and prints READY. On SIGTERM it stops gracefully and prints
 * {@code HANDLED <count>}; it also stops when its stdin closes (parent gone).
 */
public final class DrainWorker {

    /**
     * The one handler of the warm-up and the measured drain: with a second handler class the
     * measured drain would meet a call site the JIT compiled for the first one alone, and the
     * deoptimization and recompilation (half a core) would land in the measured figure.
     */
    private static volatile AtomicLong counter = new AtomicLong();
    private static final TaskHandler<Noop> HANDLER = (p, ctx) -> counter.incrementAndGet();

    private DrainWorker() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        if (args.length < 3 || args.length > 5) {
            System.err.println("usage: DrainWorker <redisUrl> <queue> <concurrency> [warmupRoundTasks [warmupSeconds]]");
            System.exit(2);
        }
        int concurrency = Integer.parseInt(args[2]);
        RedQ redq = RedQ.connect(args[0]);
        if (args.length >= 4 && Integer.parseInt(args[3]) > 0) {
            String name = args[1] + "-warmup-" + ProcessHandle.current().pid();
            int round = Integer.parseInt(args[3]);
            int seconds = args.length == 5 ? Integer.parseInt(args[4]) : 120;
            JitWarmUp.untilSettled("worker JVM " + ProcessHandle.current().pid(), seconds, () -> {
                warmUp(redq, name, concurrency, round);
                return round;
            });
        }
        AtomicLong handled = new AtomicLong();
        counter = handled;
        Worker worker = redq.queue(args[1]).worker(Drains.options(concurrency)).handle(Noop.TYPE, Noop.class, HANDLER);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.stop(Duration.ofSeconds(10));
            System.out.println("HANDLED " + handled.get());
            System.out.flush();
        }, "drain-worker-stop"));
        worker.start(); // on the paused queue: it fetches once the benchmark resumes it
        System.out.println("READY");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (in.readLine() != null) {
            // nothing to read: the benchmark closes stdin when it is gone
        }
        System.exit(0); // stdin closed: the benchmark is gone, so stop (the hook stops the worker)
    }

    /** Enqueues and drains n tasks on a queue of its own, then deletes that queue's keys. */
    private static void warmUp(RedQ redq, String name, int concurrency, int n) throws InterruptedException {
        TaskQueue q = redq.queue(name);
        for (int sent = 0; sent < n; sent += BenchEnv.CHUNK) {
            q.producer().enqueueAll(Noop.TYPE, Collections.nCopies(Math.min(BenchEnv.CHUNK, n - sent),
                    Noop.ofSize(100)));
        }
        AtomicLong handled = new AtomicLong();
        counter = handled;
        Worker w = q.worker(Drains.options(concurrency)).handle(Noop.TYPE, Noop.class, HANDLER).start();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (handled.get() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        w.stop(Duration.ofSeconds(10));
        redq.redisson().getKeys().deleteByPattern(RedQ.DEFAULT_PREFIX + ":{" + name + "}:*");
    }
}
