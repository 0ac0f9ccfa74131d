package io.redq.examples;

import io.redq.Producer;
import io.redq.QueueStats;
import io.redq.TaskQueue;
import io.redq.core.RedQ;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The producer half of a service whose workers run in other JVMs ({@link WorkerApp}): it enqueues and
 * returns; it needs no handler and no worker. Producer and workers agree on only the queue name, the
 * task type and the payload's JSON shape, so either side may be redeployed, or written in another
 * language, on its own.
 *
 * <p>Arguments: {@code [redis-url [queue [count]]]}; the URL defaults to {@code REDIS_URL}, else
 * {@code redis://127.0.0.1:6379}, the queue to {@value #DEFAULT_QUEUE}, the count to 100. After
 * enqueuing it watches the queue until nothing is pending, so you see the workers drain it.
 */
public final class ProducerApp {

    /** The queue both halves use unless told otherwise. */
    public static final String DEFAULT_QUEUE = "thumbnails";
    /** The task type: the worker registers a handler for it. */
    public static final String TYPE = "make-thumbnail";

    /** The payload, shared by both halves only as a JSON shape: {"image":"...","width":...}. */
    public record Thumbnail(String image, int width) {
    }

    private ProducerApp() {
    }

    /** Enqueues the thumbnails and waits (up to a minute) until the workers have drained the queue. */
    public static void main(String[] args) throws InterruptedException {
        String url = url(args);
        String queue = args.length > 1 ? args[1] : DEFAULT_QUEUE;
        int count = 100;
        if (args.length > 2) {
            try {
                count = Integer.parseInt(args[2]);
            } catch (NumberFormatException e) {
                Support.fail("count must be a whole number, was '" + args[2] + "'");
            }
        }
        try (RedQ redq = Support.connect(url)) {
            run(redq, queue, count, Duration.ofMinutes(1));
        }
    }

    /**
     * Enqueues {@code count} thumbnails in one call and waits until no task of the queue is pending.
     *
     * @return the queue's counts at the end
     * @throws IllegalStateException if the queue still has pending tasks after {@code patience}
     *                               (are any workers running?)
     */
    public static QueueStats run(RedQ redq, String queue, int count, Duration patience) throws InterruptedException {
        TaskQueue thumbnails = redq.queue(queue);
        Producer producer = thumbnails.producer();
        List<Thumbnail> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tasks.add(new Thumbnail("photo-" + i + ".jpg", 320));
        }
        producer.enqueueAll(TYPE, tasks); // one round trip for all of them
        System.out.printf("enqueued %d thumbnails on queue '%s'; waiting for the workers%n", count, queue);
        Support.until(patience, "the workers drained queue '" + queue + "' (are any running?)",
                () -> thumbnails.stats().pending() == 0);
        QueueStats stats = thumbnails.stats();
        System.out.println("drained: " + stats);
        return stats;
    }

    /** The Redis URL: the first argument, else {@code REDIS_URL}, else the local default. */
    static String url(String[] args) {
        if (args.length > 0) {
            return args[0];
        }
        String env = System.getenv("REDIS_URL");
        return env != null && !env.isBlank() ? env.strip() : "redis://" + LocalRedis.DEFAULT_HOST + ":"
                + LocalRedis.DEFAULT_PORT;
    }
}
