package io.redq.examples;

import io.redq.DeadLetter;
import io.redq.Producer;
import io.redq.QueueStats;
import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.client.codec.StringCodec;

/**
 * The demo to run first: a mixed workload on a queue of its own (a random name, so it never touches
 * other data), two workers, a progress line, a summary, and the queue's keys deleted at the end.
 * The workload holds good tasks, tasks whose handler throws, the three kinds of bad input (a string
 * that is no envelope, a type without handler, a payload that does not bind) and a unique task
 * enqueued twice. Failed and bad tasks end in the dead-letter queue; the workers go on.
 */
public final class Demo {

    static final int EMAILS = 2_000;
    static final int FAILING = 10;
    static final int WORKERS = 2;
    static final int CONCURRENCY = 8;
    private static final Duration TIME_LIMIT = Duration.ofSeconds(25);

    // The payloads of the demo's task types: any JSON-mappable types, bound by the handler's declaration.
    record Email(String to, String subject) { }

    record Contact(int id) { }

    record Image(String url) { }

    record Report(String month) { }

    /**
     * What one run did.
     *
     * @param queue             the queue name
     * @param processed         tasks whose handler succeeded
     * @param deadLetters       dead-letter records by reason
     * @param duplicatesRefused unique enqueues refused because the key was held
     * @param elapsed           from starting the workers until every task was done
     * @param keysLeft          keys of the queue still in Redis after the clean-up (0 expected)
     */
    public record Summary(String queue, int processed, Map<String, Long> deadLetters, int duplicatesRefused,
                          Duration elapsed, long keysLeft) {

        /** All dead-letter records. */
        public long deadLettered() {
            return deadLetters.values().stream().mapToLong(Long::longValue).sum();
        }

        Summary withKeysLeft(long n) {
            return new Summary(queue, processed, deadLetters, duplicatesRefused, elapsed, n);
        }

        /** Tasks finished (processed or dead-lettered) per second. */
        public double throughput() {
            return (processed + deadLettered()) * 1000.0 / Math.max(1, elapsed.toMillis());
        }
    }

    private final RedQ redq;
    private final TaskQueue queue;
    private final Set<String> processed = ConcurrentHashMap.newKeySet();

    private Demo(RedQ redq, TaskQueue queue) {
        this.redq = redq;
        this.queue = queue;
    }

    /** Runs the demo against {@code REDIS_URL}, or a throw-away redis-server if it is not set. */
    public static void main(String[] args) throws InterruptedException {
        try (LocalRedis redis = LocalRedis.fromEnvironment()) {
            run(redis.url());
        }
    }

    /** Runs the demo against {@code redisUrl}, prints its progress and summary, and deletes its keys. */
    public static Summary run(String redisUrl) throws InterruptedException {
        String name = "demo-" + UUID.randomUUID().toString().substring(0, 8);
        try (RedQ redq = RedQ.connect(redisUrl)) {
            Demo demo = new Demo(redq, redq.queue(name));
            Summary summary;
            try {
                summary = demo.execute();
            } finally {
                demo.deleteKeys();
            }
            summary = summary.withKeysLeft(demo.countKeys());
            print(summary);
            return summary;
        }
    }

    private Summary execute() throws InterruptedException {
        System.out.printf("Queue '%s': enqueuing %,d e-mails, %d failing tasks, 3 bad inputs and a unique task"
                + " twice%n", queue.name(), EMAILS, FAILING);
        int refused = enqueueWorkload();
        long start = System.nanoTime();
        List<Worker> workers = startWorkers();
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
        Duration elapsed;
        try {
            progress.scheduleAtFixedRate(this::printProgress, 500, 500, TimeUnit.MILLISECONDS);
            awaitDone(start);
            elapsed = Duration.ofNanos(System.nanoTime() - start);
        } finally {
            progress.shutdownNow();
            workers.forEach(Worker::close); // graceful stop: nothing is in flight any more
        }
        printProgress();
        return new Summary(queue.name(), processed.size(), deadLettersByReason(), refused, elapsed, 0);
    }

    /** Enqueues the workload, bad input first; returns how many unique enqueues were refused. */
    private int enqueueWorkload() {
        Producer producer = queue.producer();
        for (int i = 0; i < FAILING; i++) {
            producer.enqueue("sync-contact", new Contact(i));
        }
        redq.redisson().getDeque("redq:{" + queue.name() + "}:ready", StringCodec.INSTANCE)
                .addFirst("this string is not a redq envelope"); // what a buggy foreign producer might push
        producer.enqueue("resize-image", new Image("https://example.com/cat.png")); // no worker handles it
        producer.enqueue("send-email", "not an e-mail"); // a JSON string where an Email object is expected
        int refused = 0;
        for (int i = 0; i < 2; i++) {
            if (producer.enqueueUnique("monthly-report", new Report("2025-06"), "report:2025-06").isEmpty()) {
                refused++;
            }
        }
        List<Email> emails = IntStream.range(0, EMAILS)
                .mapToObj(i -> new Email("user" + i + "@example.com", "Welcome #" + i)).toList();
        producer.enqueueAll("send-email", emails); // one LPUSH for all of them
        return refused;
    }

    private List<Worker> startWorkers() {
        // A short fetch timeout makes the stop at the end quick. Whole seconds: Redisson sends BLMOVE's
        // timeout in whole seconds, and 0 would block until a task arrives.
        WorkerOptions options = WorkerOptions.builder().concurrency(CONCURRENCY)
                .fetchTimeout(Duration.ofSeconds(1)).build();
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            workers.add(queue.worker(options)
                    .handle("send-email", Email.class, (email, ctx) -> {
                        Thread.sleep(ThreadLocalRandom.current().nextInt(10, 31)); // pretend to talk to SMTP
                        processed.add(ctx.taskId());
                    })
                    .handle("sync-contact", Contact.class, (contact, ctx) -> {
                        throw new IllegalStateException("CRM rejected contact " + contact.id() + ": account locked");
                    })
                    .handle("monthly-report", Report.class, (report, ctx) -> processed.add(ctx.taskId()))
                    .start());
        }
        System.out.printf("Started %d workers with concurrency %d each%n", WORKERS, CONCURRENCY);
        return workers;
    }

    /** Waits until every good task ran, every bad one is dead-lettered and nothing is pending. */
    private void awaitDone(long startNanos) throws InterruptedException {
        long limit = startNanos + TIME_LIMIT.toNanos();
        while (true) {
            QueueStats s = queue.stats();
            if (processed.size() == EMAILS + 1 && s.dead() == FAILING + 3 && s.pending() == 0) {
                return;
            }
            if (System.nanoTime() > limit) {
                throw new IllegalStateException("the demo did not finish within " + TIME_LIMIT + ": processed "
                        + processed.size() + ", " + s);
            }
            Thread.sleep(50);
        }
    }

    private void printProgress() {
        try {
            QueueStats s = queue.stats();
            System.out.printf("  processed %,6d   dead-lettered %3d   ready %,6d   active %3d%n",
                    processed.size(), s.dead(), s.ready(), s.active());
        } catch (RuntimeException e) {
            System.out.println("  (counts unavailable: " + e.getMessage() + ")");
        }
    }

    private Map<String, Long> deadLettersByReason() {
        List<DeadLetter> records = queue.deadLetters().list(0, 1_000);
        records.stream().filter(d -> d.errorClass() != null).findFirst().ifPresent(d -> System.out.printf(
                "Newest dead letter: task %s of type '%s', reason '%s': %s: %s%n", d.taskId(), d.envelope().type(),
                d.reason(), d.errorClass(), d.errorMessage()));
        return records.stream().collect(Collectors.groupingBy(DeadLetter::reason, TreeMap::new,
                Collectors.counting()));
    }

    private void deleteKeys() {
        long deleted = redq.redisson().getKeys().deleteByPattern(keyPattern()); // SCAN + DEL, never KEYS
        System.out.printf("Deleted the demo's %d key(s) %s%n", deleted, keyPattern());
    }

    private long countKeys() {
        return redq.redisson().getKeys().getKeysStream(KeysScanOptions.defaults().pattern(keyPattern())).count();
    }

    private String keyPattern() {
        return "redq:{" + queue.name() + "}:*";
    }

    private static void print(Summary s) {
        System.out.println();
        System.out.println("  ----------------------------------------");
        System.out.printf("  %-26s %,12d%n", "processed", s.processed());
        System.out.printf("  %-26s %,12d%n", "dead-lettered", s.deadLettered());
        s.deadLetters().forEach((reason, n) -> System.out.printf("    %-24s %,12d%n", reason, n));
        System.out.printf("  %-26s %,12d%n", "duplicates refused", s.duplicatesRefused());
        System.out.printf("  %-26s %10.1f s%n", "elapsed", s.elapsed().toMillis() / 1000.0);
        System.out.printf("  %-26s %,8.0f tasks/s%n", "throughput", s.throughput());
        System.out.println("  ----------------------------------------");
        System.out.println("  (each e-mail handler sleeps 10-30 ms to stand in for real work)");
        System.out.println();
        System.out.println("Inspect the dead-letter queue in code:");
        System.out.println("  List<DeadLetter> page = queue.deadLetters().list(0, 10); // newest first: reason, error");
        System.out.println("  queue.deadLetters().requeue(page.get(0).taskId());      // back to ready as attempt 1");
        System.out.println("  queue.deadLetters().purge();                            // delete every record");
    }
}
