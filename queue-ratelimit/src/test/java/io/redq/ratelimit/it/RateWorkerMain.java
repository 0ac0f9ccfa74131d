package io.redq.ratelimit.it;

import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import io.redq.ratelimit.Limits;
import io.redq.ratelimit.RateLimit;
import io.redq.spi.FetchLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.redisson.api.RBucket;
import org.redisson.client.codec.StringCodec;

/**
 * A worker JVM for the queue rate tests. Args: redisUrl queue limitPerSecond burst concurrency
 * startsKey goKey. Every task's start is recorded in Redis server time in the sorted set startsKey.
 *
 * <p>It first warms up on a queue of its own (class loading and JIT of the whole task path would
 * otherwise delay its first starts by tens of ms while the other JVMs run, bunching starts that
 * were granted evenly), then starts the rate-limited worker behind a gate that grants nothing
 * until the key goKey exists, and prints "READY clockMinusServerMs=<n>" so the test can check its
 * clock skew. All four workers are thus running when the first permit is taken.
 */
public final class RateWorkerMain {

    private static final int WARM_UP_TASKS = 500;

    private RateWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String queue = args[1];
        RateLimit limit = RateLimit.custom().limit(Integer.parseInt(args[2])).period(Duration.ofSeconds(1))
                .burst(Integer.parseInt(args[3])).build();
        int concurrency = Integer.parseInt(args[4]);
        RedQ redq = Mains.connect(url);
        Limits limits = Limits.of(redq);
        warmUp(redq, limits, new Timeline(redq.redisson(), args[5] + ":warm-up"), concurrency);
        Timeline starts = new Timeline(redq.redisson(), args[5]);
        FetchLimiter rate = limits.forQueue(queue, limit);
        RBucket<String> go = redq.redisson().getBucket(args[6], StringCodec.INSTANCE);
        AtomicBoolean open = new AtomicBoolean();
        FetchLimiter gated = new FetchLimiter() {
            @Override
            public Grant acquire(int max) {
                if (!open.get() && !go.isExists()) {
                    return Grant.waitFor(Duration.ofMillis(2));
                }
                open.set(true);
                return rate.acquire(max);
            }

            @Override
            public void release(int unused) {
                rate.release(unused);
            }
        };
        WorkerOptions options = WorkerOptions.builder().concurrency(concurrency).fetchLimiter(gated)
                .fetchTimeout(Duration.ofSeconds(1)).lease(Duration.ofSeconds(5)).build();
        Worker worker = redq.queue(queue).worker(options)
                .handle("job", Job.class, (job, ctx) -> {
                    starts.record(ctx.taskId());
                    if (job.sleepMs() > 0) {
                        Thread.sleep(job.sleepMs());
                    }
                });
        worker.start();
        System.out.println("READY clockMinusServerMs=" + Timeline.clockMinusServerMs(redq.redisson()) + " consumer="
                + worker.consumerId());
        Thread.currentThread().join();
    }

    /**
     * Runs the task path (fetch limiter, fetch, bind, record, ack) 500 times on a throw-away queue:
     * classes loaded, the hot code compiled, the Redis connection pool grown to what the worker needs.
     */
    private static void warmUp(RedQ redq, Limits limits, Timeline timeline, int concurrency)
            throws InterruptedException {
        TaskQueue warm = redq.queue(Names.unique("warm-up"));
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < WARM_UP_TASKS; i++) {
            jobs.add(new Job(i, 1));
        }
        warm.producer().enqueueAll("job", jobs);
        CountDownLatch done = new CountDownLatch(WARM_UP_TASKS);
        WorkerOptions options = WorkerOptions.builder().concurrency(concurrency).fetchTimeout(Duration.ofSeconds(1))
                .fetchLimiter(limits.forQueue(warm.name(), RateLimit.of(2000, Duration.ofSeconds(1)))).build();
        try (Worker w = warm.worker(options).handle("job", Job.class, (job, ctx) -> {
            timeline.record(ctx.taskId());
            Thread.sleep(job.sleepMs());
            done.countDown();
        }).start()) {
            done.await(30, TimeUnit.SECONDS);
        }
        timeline.delete();
        redq.redisson().getKeys().deleteByPattern("redq:{" + warm.name() + "}:*");
    }
}
