package io.redq.bench;

import io.redq.Producer;
import io.redq.QueueOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Enqueue rate: n single {@code enqueue} calls from 1 thread and from 50 threads, and
 * {@code enqueueAll} in chunks of 1,000 from 1 and from 4 threads. Targets: 40,000 tasks/s for
 * single enqueue from 50 threads, 150,000 tasks/s batched.
 */
final class EnqueueScenario implements Scenario {

    static final String REF_BATCH_1T = "enqueueAll-1t";

    @Override
    public void run(BenchEnv env) throws Exception {
        int n = env.options().n();
        warmUp(env, Math.min(n, 20_000));
        env.report(single(env, n, 1));
        Result fifty = single(env, n, 50);
        env.report(fifty.target("≥ 40,000 tasks/s", fifty.value("tasksPerSec") >= 40_000));
        Result batch1 = batched(env, n, 1);
        env.setReference(REF_BATCH_1T, batch1.value("tasksPerSec"));
        env.report(batch1.target("≥ 150,000 tasks/s", batch1.value("tasksPerSec") >= 150_000));
        Result batch4 = batched(env, n, 4);
        env.report(batch4.target("≥ 150,000 tasks/s", batch4.value("tasksPerSec") >= 150_000));
    }

    /** The same loads, unreported, so that the first figure does not pay for the JIT (as in the drains). */
    private void warmUp(BenchEnv env, int n) throws Exception {
        BenchEnv.log("enqueue warm-up: " + n + " tasks in each mode (not reported)");
        for (int round = 0; round < 3; round++) {
            single(env, n, 50);
            batched(env, 5 * n, 4);
        }
    }

    private Result single(BenchEnv env, int n, int threads) throws Exception {
        BenchEnv.log("enqueue: " + n + " single enqueue calls from " + threads + " thread(s)");
        Noop p = env.payload();
        double seconds = timed(env, "enqueue", threads, n, (producer, share) -> {
            for (int i = 0; i < share; i++) {
                producer.enqueue(Noop.TYPE, p);
            }
        });
        return Result.of("enqueue", "enqueue, " + threads + " thread" + (threads > 1 ? "s" : ""))
                .field("mode", "single").field("threads", threads).field("tasks", n)
                .field("seconds", DrainScenario.round(seconds))
                .figure("tasksPerSec", "enqueue rate", n / seconds, "tasks/s");
    }

    private Result batched(BenchEnv env, int n, int threads) throws Exception {
        BenchEnv.log("enqueue: " + n + " tasks with enqueueAll in chunks of " + BenchEnv.CHUNK + " from "
                + threads + " thread(s)");
        Noop p = env.payload();
        double seconds = timed(env, "enqueue-all", threads, n, (producer, share) -> {
            for (int sent = 0; sent < share; sent += BenchEnv.CHUNK) {
                producer.enqueueAll(Noop.TYPE, Collections.nCopies(Math.min(BenchEnv.CHUNK, share - sent), p));
            }
        });
        return Result.of("enqueue", "enqueueAll × 1,000, " + threads + " thread" + (threads > 1 ? "s" : ""))
                .field("mode", "batch").field("chunk", BenchEnv.CHUNK).field("threads", threads).field("tasks", n)
                .field("seconds", DrainScenario.round(seconds))
                .figure("tasksPerSec", "enqueue rate", n / seconds, "tasks/s");
    }

    /** What one producer thread does with its share of the n tasks. */
    private interface Load {
        void send(Producer producer, int share);
    }

    /** Runs the load on a fresh queue from this many threads; returns the seconds; deletes the keys. */
    private double timed(BenchEnv env, String base, int threads, int n, Load load) throws Exception {
        String name = env.newQueueName(base);
        Producer producer = env.queue(name, QueueOptions.defaults()).producer();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Void>> jobs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int share = n / threads + (t < n % threads ? 1 : 0);
                jobs.add(() -> {
                    load.send(producer, share);
                    return null;
                });
            }
            long t0 = System.nanoTime();
            List<Future<Void>> done = pool.invokeAll(jobs, 60 + n / 1_000, TimeUnit.SECONDS);
            for (Future<Void> f : done) {
                if (f.isCancelled()) {
                    throw new TimeoutException("enqueue on queue '" + name + "' did not finish in time");
                }
                f.get();
            }
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            pool.shutdownNow();
            env.deleteKeys(name);
        }
    }
}
