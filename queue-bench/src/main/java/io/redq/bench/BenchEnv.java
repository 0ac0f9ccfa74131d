package io.redq.bench;

import io.redq.Producer;
import io.redq.QueueOptions;
import io.redq.QueueStats;
import io.redq.TaskQueue;
import io.redq.core.RedQ;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every scenario shares: the options, the Redis target, the main redq connection, a raw
 * control connection, the results so far (scale compares itself with drain and enqueue), and
 * small helpers: unique queue names, pre-loading, waiting for a queue to empty, deleting its keys.
 */
final class BenchEnv {

    /** Tasks per enqueueAll call when pre-loading and in the batched enqueue figures. */
    static final int CHUNK = 1_000;

    private final BenchOptions options;
    private final RedisTarget target;
    private final RedQ redq;
    private final Resp control;
    private final PrintStream out;
    private final List<Result> results = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Double> references = new ConcurrentHashMap<>();
    private final AtomicInteger queues = new AtomicInteger();
    private final Noop payload;

    BenchEnv(BenchOptions options, RedisTarget target, RedQ redq, Resp control, PrintStream out) {
        this.options = options;
        this.target = target;
        this.redq = redq;
        this.control = control;
        this.out = out;
        this.payload = Noop.ofSize(options.payloadBytes());
    }

    BenchOptions options() {
        return options;
    }

    RedisTarget target() {
        return target;
    }

    RedQ redq() {
        return redq;
    }

    Resp control() {
        return control;
    }

    /** The payload of the configured size (100 bytes of JSON by default). */
    Noop payload() {
        return payload;
    }

    /** Prints the result as one JSON line and keeps it for the table. */
    void report(Result r) {
        results.add(r);
        out.println(r.toJson());
        out.flush();
    }

    List<Result> results() {
        return List.copyOf(results);
    }

    /** A figure measured earlier in this run (e.g. "drain-c50"), or null. */
    Double reference(String key) {
        return references.get(key);
    }

    void setReference(String key, double value) {
        references.put(key, value);
    }

    /** Progress for the operator, on stderr (stdout carries only results). */
    static void log(String message) {
        System.err.println("[bench] " + message);
    }

    /** A fresh queue name for one measurement. */
    String newQueueName(String base) {
        return "bench-" + base + "-" + queues.incrementAndGet();
    }

    TaskQueue queue(String name, QueueOptions opts) {
        return redq.queue(name, opts);
    }

    /** Pre-loads n tasks with enqueueAll in chunks of 1,000, level by level in turn when levels > 1. */
    void preload(TaskQueue q, int n, Noop p, int levels) {
        Producer producer = q.producer();
        int chunkNo = 0;
        for (int sent = 0; sent < n; sent += CHUNK) {
            List<Noop> chunk = Collections.nCopies(Math.min(CHUNK, n - sent), p);
            if (levels > 1) {
                producer.enqueueAll(Noop.TYPE, chunk, chunkNo++ % levels);
            } else {
                producer.enqueueAll(Noop.TYPE, chunk);
            }
        }
    }

    /** Deletes every key of the queue ({@code redq:{<queue>}:*}, SCAN-based). */
    void deleteKeys(String queue) {
        deleteKeys(redq, queue);
    }

    /** Deletes every key of the queue through another connection (the sharded scenario's cluster). */
    static void deleteKeys(RedQ redq, String queue) {
        redq.redisson().getKeys().deleteByPattern(RedQ.DEFAULT_PREFIX + ":{" + queue + "}:*");
    }

    /** Deadline for a wait on n tasks: generous (60 s + 10 ms per task), never unbounded. */
    static long deadlineFor(int tasks) {
        return System.nanoTime() + (60_000L + tasks * 10L) * 1_000_000L;
    }

    /** Polls the queue's counts every 20 ms until nothing is ready or active. */
    static QueueStats awaitEmpty(TaskQueue q, long deadlineNanos) throws TimeoutException, InterruptedException {
        while (true) {
            QueueStats s = q.stats();
            if (s.ready() + s.active() == 0) {
                return s;
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new TimeoutException("queue '" + q.name() + "' still holds " + s + " at the deadline");
            }
            Thread.sleep(20);
        }
    }

    /** The PIDs whose CPU a drain reports as "redis": the server's, when it runs on this machine. */
    List<Long> redisPids() {
        return List.of(target.pid());
    }
}
