package io.redq.examples;

import io.redq.Priorities;
import io.redq.QueueOptions;
import io.redq.TaskQueue;
import io.redq.TaskRequest;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

/**
 * Priority levels, both ways. A weighted 6:3:1 queue under a full backlog of every level shares its
 * workers about 60/30/10, so bulk work keeps moving while urgent work waits too. A strict queue runs
 * every urgent task before any normal one and every normal one before any bulk one, first in first
 * out inside a level, even though the bulk tasks were enqueued first.
 */
public final class PriorityExample {

    /** The payload: a job number within its level. */
    public record Job(int n) { }

    /**
     * What {@link #run} did.
     *
     * @param weightedShares share (per cent) of each level among the first {@value #SAMPLE} tasks the
     *                       weighted queue started, by level name
     * @param strictOrder    the tasks of the strict queue in the order they ran, as {@code urgent-1}, ...
     */
    public record Outcome(Map<String, Double> weightedShares, List<String> strictOrder) { }

    static final String[] NAMES = {"urgent", "normal", "bulk"};
    /** Tasks per level in the weighted backlog: enough that no level runs dry within the sample. */
    static final int BACKLOG = 500;
    /** Tasks whose levels are counted. */
    static final int SAMPLE = 500;
    /** Tasks per level on the strict queue. */
    static final int STRICT_PER_LEVEL = 4;

    private PriorityExample() {
    }

    /** Runs the example against {@code REDIS_URL}, or a throw-away redis-server if it is not set. */
    public static void main(String[] args) throws InterruptedException {
        try (LocalRedis redis = LocalRedis.fromEnvironment()) {
            run(redis.url());
        }
    }

    /** Runs both queues, each a queue of its own, and returns what happened. */
    public static Outcome run(String redisUrl) throws InterruptedException {
        try (RedQ redq = RedQ.connect(redisUrl)) {
            String suffix = UUID.randomUUID().toString().substring(0, 8);
            Map<String, Double> shares = weighted(redq, "reports-weighted-" + suffix);
            List<String> order = strict(redq, "reports-strict-" + suffix);
            return new Outcome(shares, order);
        }
    }

    /** Level 0 is the most urgent; names are for producers, Redis only knows the numbers. */
    private static Priorities named(Priorities p) {
        return p.name(NAMES[0], 0).name(NAMES[1], 1).name(NAMES[2], 2).defaultLevel(1);
    }

    private static Map<String, Double> weighted(RedQ redq, String name) throws InterruptedException {
        // Every producer and every worker of this queue, in every JVM, must use these same options.
        QueueOptions options = QueueOptions.builder().priorities(named(Priorities.weighted(6, 3, 1))).build();
        TaskQueue queue = redq.queue(name, options);
        List<Job> jobs = IntStream.rangeClosed(1, BACKLOG).mapToObj(Job::new).toList();
        for (int level = 0; level < NAMES.length; level++) {
            queue.producer().enqueueAll("report", jobs, level); // one script call per level
        }
        System.out.printf("Weighted 6:3:1 queue '%s': %d tasks waiting on each of %s%n", name, BACKLOG,
                String.join(", ", NAMES));
        List<Integer> started = new CopyOnWriteArrayList<>();
        try (Worker worker = worker(queue, 4, (level, n) -> started.add(level))) {
            Support.until(Duration.ofSeconds(30), "the weighted backlog is done",
                    () -> started.size() == BACKLOG * NAMES.length && queue.stats().pending() == 0);
        }
        int[] counts = new int[NAMES.length];
        started.subList(0, SAMPLE).forEach(level -> counts[level]++);
        Map<String, Double> shares = new LinkedHashMap<>();
        for (int level = 0; level < NAMES.length; level++) {
            shares.put(NAMES[level], 100.0 * counts[level] / SAMPLE);
            System.out.printf("  %-7s (weight %d): %3d of the first %d started = %4.1f %%%n", NAMES[level],
                    options.priorities().weight(level), counts[level], SAMPLE, shares.get(NAMES[level]));
        }
        Support.deleteKeys(redq, queue);
        return shares;
    }

    private static List<String> strict(RedQ redq, String name) throws InterruptedException {
        QueueOptions options = QueueOptions.builder().priorities(named(Priorities.strict(3))).build();
        TaskQueue queue = redq.queue(name, options);
        for (int level = NAMES.length - 1; level >= 0; level--) { // bulk first, urgent last
            for (int n = 1; n <= STRICT_PER_LEVEL; n++) {
                queue.producer().enqueue(TaskRequest.of("report", new Job(n)).priority(NAMES[level]));
            }
        }
        System.out.printf("Strict queue '%s': enqueued %d bulk, then %d normal, then %d urgent tasks%n", name,
                STRICT_PER_LEVEL, STRICT_PER_LEVEL, STRICT_PER_LEVEL);
        List<String> order = new CopyOnWriteArrayList<>();
        try (Worker worker = worker(queue, 1, (level, n) -> order.add(NAMES[level] + "-" + n))) {
            Support.until(Duration.ofSeconds(10), "the strict queue is done",
                    () -> order.size() == STRICT_PER_LEVEL * NAMES.length && queue.stats().pending() == 0);
        }
        System.out.println("  ran in this order: " + String.join(" ", order));
        Support.deleteKeys(redq, queue);
        return new ArrayList<>(order);
    }

    private interface Started {
        void accept(int level, int n);
    }

    private static Worker worker(TaskQueue queue, int concurrency, Started started) {
        return queue.worker(WorkerOptions.builder().concurrency(concurrency).fetchTimeout(Duration.ofSeconds(1))
                        .build())
                .handle("report", Job.class, (job, ctx) -> started.accept(ctx.envelope().priority(), job.n()))
                .start();
    }
}
