package io.redq.examples;

import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Handlers on virtual threads (Java 21 and later; this class is compiled only by such a JDK): a
 * handler that mostly waits on I/O can run hundreds at once without hundreds of platform threads.
 * redq takes any {@link ExecutorService} for its handlers; {@code concurrency} still bounds how many
 * tasks a worker holds at once, so set it to what the downstream service can take, not to what the
 * threads allow. Here 1,000 calls that each block 100 ms run 200 at a time.
 */
public final class VirtualThreadsExample {

    /** The payload: one call to a slow service. */
    public record Lookup(int n) {
    }

    /**
     * What {@link #run} did.
     *
     * @param handled      tasks handled
     * @param onVirtual    of those, how many ran on a virtual thread
     * @param mostAtOnce   the most handlers that were blocked at the same time
     * @param elapsed      from starting the worker until every task was done
     */
    public record Outcome(int handled, int onVirtual, int mostAtOnce, Duration elapsed) {
    }

    static final int TASKS = 1_000;
    static final int CONCURRENCY = 200;

    private VirtualThreadsExample() {
    }

    /** Runs the example against {@code REDIS_URL}, else a local Redis (see {@link LocalRedis}). */
    public static void main(String[] args) throws InterruptedException {
        try (LocalRedis redis = LocalRedis.fromEnvironment()) {
            run(redis.url());
        }
    }

    /** Runs the example on a queue of its own and deletes its keys at the end. */
    public static Outcome run(String redisUrl) throws InterruptedException {
        try (RedQ redq = RedQ.connect(redisUrl);
             ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor()) {
            TaskQueue queue = redq.queue("lookups-" + UUID.randomUUID().toString().substring(0, 8));
            List<Lookup> lookups = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                lookups.add(new Lookup(i));
            }
            queue.producer().enqueueAll("lookup", lookups);
            AtomicInteger handled = new AtomicInteger();
            AtomicInteger onVirtual = new AtomicInteger();
            AtomicInteger running = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            // The worker never shuts down an executor it was given: try-with-resources closes it here.
            WorkerOptions options = WorkerOptions.builder().executor(virtualThreads).concurrency(CONCURRENCY)
                    .fetchTimeout(Duration.ofSeconds(1)).build();
            long start = System.nanoTime();
            try (Worker worker = queue.worker(options).handle("lookup", Lookup.class, (lookup, ctx) -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    if (Thread.currentThread().isVirtual()) {
                        onVirtual.incrementAndGet();
                    }
                    Thread.sleep(100); // a blocking call: the virtual thread unmounts, its carrier runs others
                } finally {
                    running.decrementAndGet();
                }
                handled.incrementAndGet();
            })) {
                worker.start();
                Support.until(Duration.ofSeconds(60), "every lookup was handled",
                        () -> handled.get() == TASKS && queue.stats().pending() == 0);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            System.out.printf("%,d lookups of 100 ms each in %.1f s on virtual threads (%d of them), at most %d at"
                    + " once%n", handled.get(), elapsed.toMillis() / 1000.0, onVirtual.get(), most.get());
            Support.deleteKeys(redq, queue);
            return new Outcome(handled.get(), onVirtual.get(), most.get(), elapsed);
        }
    }
}
