package io.redq.examples;

import io.redq.TaskQueue;
import io.redq.TaskRequest;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tasks that run later: one with {@code delay(...)}, one with {@code runAt(...)}, and one at once for
 * comparison. A delayed task waits in the queue's delayed set, scored by its due time in Redis
 * server time; a worker promotes it to the ready list when it falls due, woken by the enqueue
 * rather than by polling.
 */
public final class DelayedTaskExample {

    /** The payload: a reminder text. */
    public record Reminder(String text) { }

    /**
     * One task as it ran.
     *
     * @param text        its reminder
     * @param askedMs     the delay asked for, in ms from the enqueue
     * @param ranAfterMs  when its handler started, in ms from the enqueue
     * @param notBefore   its {@code notBefore} (epoch ms, Redis server time), or null for the task run at once
     * @param startedAt   when its handler started (epoch ms, this JVM's clock)
     */
    public record Run(String text, long askedMs, long ranAfterMs, Long notBefore, long startedAt) { }

    /**
     * What {@link #run} did.
     *
     * @param delayedWhileWaiting tasks in the delayed set right after the enqueues
     * @param runs                the tasks in the order they ran
     */
    public record Outcome(long delayedWhileWaiting, List<Run> runs) { }

    static final Duration DELAY = Duration.ofMillis(900);
    static final Duration RUN_AT_IN = Duration.ofMillis(400);

    private DelayedTaskExample() {
    }

    /** Runs the example against {@code REDIS_URL}, or a throw-away redis-server if it is not set. */
    public static void main(String[] args) throws InterruptedException {
        try (LocalRedis redis = LocalRedis.fromEnvironment()) {
            run(redis.url());
        }
    }

    /** Runs the example on a queue of its own and returns what happened. */
    public static Outcome run(String redisUrl) throws InterruptedException {
        try (RedQ redq = RedQ.connect(redisUrl)) {
            TaskQueue queue = redq.queue("reminders-" + UUID.randomUUID().toString().substring(0, 8));
            List<Run> runs = new CopyOnWriteArrayList<>();
            Map<String, Long> asked = new ConcurrentHashMap<>();
            long t0 = System.currentTimeMillis();
            Worker worker = queue.worker(WorkerOptions.builder().fetchTimeout(Duration.ofSeconds(1)).build())
                    .handle("remind", Reminder.class, (reminder, ctx) -> {
                        long now = System.currentTimeMillis();
                        runs.add(new Run(reminder.text(), asked.get(reminder.text()), now - t0,
                                ctx.envelope().notBefore(), now));
                        System.out.printf("  +%4d ms  '%s'%n", now - t0, reminder.text());
                    })
                    .start();
            Outcome outcome;
            try (worker) {
                enqueue(queue, asked, "in 900 ms", DELAY.toMillis(), TaskRequest.of("remind",
                        new Reminder("in 900 ms")).delay(DELAY));
                // runAt is compared with Redis server time; here JVM and Redis share a clock.
                enqueue(queue, asked, "at now + 400 ms", RUN_AT_IN.toMillis(), TaskRequest.of("remind",
                        new Reminder("at now + 400 ms")).runAt(Instant.ofEpochMilli(t0).plus(RUN_AT_IN)));
                enqueue(queue, asked, "at once", 0, TaskRequest.of("remind", new Reminder("at once")));
                long delayed = queue.stats().delayed();
                System.out.printf("Queue '%s': 3 reminders enqueued, %d of them in the delayed set%n", queue.name(),
                        delayed);
                Support.until(Duration.ofSeconds(10), "all three reminders ran",
                        () -> runs.size() == 3 && queue.stats().pending() == 0);
                outcome = new Outcome(delayed, List.copyOf(runs));
            }
            for (Run r : outcome.runs()) {
                if (r.notBefore() != null) {
                    System.out.printf("  '%s' was due at +%d ms and started %d ms after that%n", r.text(),
                            r.notBefore() - t0, r.startedAt() - r.notBefore());
                }
            }
            Support.deleteKeys(redq, queue);
            return outcome;
        }
    }

    private static void enqueue(TaskQueue queue, Map<String, Long> asked, String text, long askedMs,
                                TaskRequest request) {
        asked.put(text, askedMs);
        queue.producer().enqueue(request);
    }
}
