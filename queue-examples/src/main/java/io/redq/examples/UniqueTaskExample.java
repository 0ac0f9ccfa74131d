package io.redq.examples;

import io.redq.TaskQueue;
import io.redq.TaskRequest;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Unique tasks: while a task holding a unique key is queued, running or waiting for a retry, another
 * enqueue with the same key is refused (nothing is written). Five clicks on "rebuild the product
 * index" give one rebuild; once it is done the key is free and the next click is taken again. A
 * delayed task holds its key while it waits.
 */
public final class UniqueTaskExample {

    /** The payload: which search index to rebuild. */
    public record Rebuild(String index) { }

    /**
     * What {@link #run} did.
     *
     * @param accepted        enqueues taken while the first rebuild was still queued (1 expected)
     * @param refused         enqueues refused meanwhile
     * @param rebuilds        times the handler ran
     * @param acceptedAfterwards whether an enqueue with the same key was taken after the rebuild finished
     * @param delayedRefused  whether a second delayed enqueue with a held key was refused
     */
    public record Outcome(int accepted, int refused, int rebuilds, boolean acceptedAfterwards,
                          boolean delayedRefused) { }

    static final int CLICKS = 5;
    static final String KEY = "rebuild-index:products";

    private UniqueTaskExample() {
    }

    /** Runs the example against {@code REDIS_URL}, or a throw-away redis-server if it is not set. */
    public static void main(String[] args) throws InterruptedException {
        try (LocalRedis redis = LocalRedis.fromEnvironment()) {
            run(redis.url());
        }
    }

    /** Five clicks while nothing runs the queue; returns how many enqueues were taken. */
    private static int clicks(TaskQueue queue) {
        int accepted = 0;
        for (int click = 1; click <= CLICKS; click++) {
            Optional<String> id = queue.producer().enqueueUnique("rebuild", new Rebuild("products"), KEY);
            System.out.printf("  click %d: %s%n", click, id.map(i -> "enqueued task " + i)
                    .orElse("refused, a rebuild holding '" + KEY + "' is already queued"));
            if (id.isPresent()) {
                accepted++;
            }
        }
        return accepted;
    }

    /** Runs the example on a queue of its own and returns what happened. */
    public static Outcome run(String redisUrl) throws InterruptedException {
        try (RedQ redq = RedQ.connect(redisUrl)) {
            TaskQueue queue = redq.queue("search-" + UUID.randomUUID().toString().substring(0, 8));
            int accepted = clicks(queue);
            int refused = CLICKS - accepted;
            AtomicInteger rebuilds = new AtomicInteger();
            boolean afterwards;
            try (Worker worker = queue.worker(WorkerOptions.builder().fetchTimeout(Duration.ofSeconds(1)).build())
                    .handle("rebuild", Rebuild.class, (rebuild, ctx) -> {
                        System.out.printf("  rebuilding index '%s' (task %s)%n", rebuild.index(), ctx.taskId());
                        rebuilds.incrementAndGet();
                    })
                    .start()) {
                // The acknowledgement releases the key in the same script that removes the task.
                Support.until(Duration.ofSeconds(10), "the rebuild ran",
                        () -> rebuilds.get() == 1 && queue.stats().pending() == 0);
                afterwards = queue.producer().enqueueUnique("rebuild", new Rebuild("products"), KEY).isPresent();
                System.out.println("  after the rebuild finished, the next click was " + (afterwards ? "taken" : "refused"));
                Support.until(Duration.ofSeconds(10), "the second rebuild ran",
                        () -> rebuilds.get() == 2 && queue.stats().pending() == 0);
            }
            // A delayed task takes its key at enqueue and holds it while it waits in the delayed set.
            TaskRequest nightly = TaskRequest.of("rebuild", new Rebuild("products")).uniqueKey(KEY)
                    .delay(Duration.ofHours(1));
            boolean firstNightly = queue.producer().enqueue(nightly).isPresent();
            boolean delayedRefused = queue.producer().enqueue(TaskRequest.of("rebuild", new Rebuild("products"))
                    .uniqueKey(KEY).delay(Duration.ofHours(1))).isEmpty();
            System.out.printf("  a rebuild in an hour: %s; a second one: %s%n", firstNightly ? "enqueued" : "refused",
                    delayedRefused ? "refused" : "enqueued");
            Support.deleteKeys(redq, queue); // the waiting nightly rebuild and its key
            return new Outcome(accepted, refused, rebuilds.get(), afterwards, delayedRefused && firstNightly);
        }
    }
}
