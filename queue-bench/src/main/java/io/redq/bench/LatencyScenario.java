package io.redq.bench;

import io.redq.Producer;
import io.redq.QueueOptions;
import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Steady latency: producer threads offer a fixed rate (5,000 tasks/s), each paced on
 * {@link System#nanoTime()} deadlines, to one worker (concurrency 50) in the same JVM. Each task
 * carries its enqueue nanoTime; the handler records start minus that. After a 1 s warm-up, the
 * window's p50 / p99 / max are reported. Targets: p50 ≤ 2 ms, p99 ≤ 10 ms.
 */
final class LatencyScenario implements Scenario {

    static final int PRODUCERS = 4;
    static final int CONCURRENCY = 50;
    static final double WARMUP_SECONDS = 1;

    @Override
    public void run(BenchEnv env) throws Exception {
        Drains.warmUp(env);
        int rate = env.options().rate();
        double window = env.options().latencySeconds();
        BenchEnv.log("latency: " + rate + " tasks/s offered for " + window + " s (+" + WARMUP_SECONDS + " s warm-up)");
        String name = env.newQueueName("latency");
        TaskQueue q = env.queue(name, QueueOptions.defaults());
        long[] samples = new long[(int) (rate * window * 1.2) + 1_000];
        AtomicInteger recorded = new AtomicInteger();
        AtomicLong handled = new AtomicLong();
        long start = System.nanoTime() + 200_000_000L; // let the worker settle first
        long measureFrom = start + (long) (WARMUP_SECONDS * 1e9);
        long end = measureFrom + (long) (window * 1e9);
        Worker worker = q.worker(Drains.options(CONCURRENCY))
                .handle(Noop.TYPE, Noop.class, (p, ctx) -> {
                    long latency = System.nanoTime() - p.t();
                    if (p.t() >= measureFrom) {
                        int i = recorded.getAndIncrement();
                        if (i < samples.length) {
                            samples[i] = latency;
                        }
                    }
                    handled.incrementAndGet();
                });
        worker.start();
        try {
            long sent = produce(q.producer(), env.payload(), rate, start, end);
            awaitHandled(handled, sent);
            int k = Math.min(recorded.get(), samples.length);
            env.report(result(rate, window, Arrays.copyOf(samples, k), sent));
        } finally {
            worker.stop(Duration.ofSeconds(10));
            env.deleteKeys(name);
        }
    }

    /** Runs the paced producers from start to end; returns how many tasks they sent in all. */
    private long produce(Producer producer, Noop pad, int rate, long start, long end) throws InterruptedException {
        long interval = (long) (1e9 * PRODUCERS / rate);
        AtomicLong sent = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < PRODUCERS; t++) {
            long first = start + t * interval / PRODUCERS;
            Thread th = new Thread(() -> {
                for (long next = first; next < end; next += interval) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    producer.enqueue(Noop.TYPE, pad.stamped());
                    sent.incrementAndGet();
                }
            }, "bench-producer-" + t);
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join();
        }
        return sent.get();
    }

    private static void awaitHandled(AtomicLong handled, long sent) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (handled.get() < sent && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static Result result(int rate, double window, long[] samples, long sent) {
        Arrays.sort(samples);
        return Result.of("latency", rate + " tasks/s offered, 1 JVM × concurrency " + CONCURRENCY)
                .field("offeredPerSec", rate).field("seconds", window).field("producers", PRODUCERS)
                .field("concurrency", CONCURRENCY).field("tasks", sent).field("samples", samples.length)
                .figure("achievedTasksPerSec", "achieved rate in window", samples.length / window, "tasks/s")
                .figure("p50Ms", "enqueue→start p50", percentile(samples, 0.50), "ms")
                .target("≤ 2 ms", percentile(samples, 0.50) <= 2)
                .figure("p99Ms", "enqueue→start p99", percentile(samples, 0.99), "ms")
                .target("≤ 10 ms", percentile(samples, 0.99) <= 10)
                .figure("maxMs", "enqueue→start max", samples.length == 0 ? 0 : samples[samples.length - 1] / 1e6, "ms");
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(i, sorted.length - 1))] / 1e6;
    }
}
