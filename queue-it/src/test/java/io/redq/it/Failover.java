package io.redq.it;

import static org.awaitility.Awaitility.await;

import io.redq.Producer;
import io.redq.QueueStats;
import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Kills the Redis master of a queue while a producer enqueues and two workers drain it, and
 * measures: when the replica was promoted, when a task enqueued after the kill first ran, whether
 * every worker ran such tasks (none stays blocked), and how many acknowledged enqueues were lost
 * (writes the master acknowledged but had not replicated yet).
 */
final class Failover {

    /**
     * What {@link #underLoad} saw; times in ms from the kill. {@code resumedAfterMs}: by then every
     * worker had acknowledged a task again (an acknowledgement after the kill can only reach the new
     * master); {@code producerResumedAfterMs}: the first enqueue acknowledged after the kill.
     */
    record Result(long promotedAfterMs, long resumedAfterMs, long producerResumedAfterMs, int acknowledged, int lost,
                  int enqueueErrors, long duplicates, boolean everyWorkerResumed, int durableAcknowledged,
                  int durableLost) {
    }

    /**
     * The longest a worker sleeps between attempts while Redis is away (core's outage back-off: 100 ms
     * doubling to 5 s): once the replica is promoted, every worker acknowledges again within it.
     * Promotion itself takes about two node time-outs (Cluster) or down-after periods (Sentinel).
     */
    static final Duration MAX_WORKER_BACK_OFF = Duration.ofSeconds(5);

    private Failover() {
    }

    static Result underLoad(TaskQueue queue, Duration lease, Runnable kill, BooleanSupplier promoted)
            throws InterruptedException {
        Map<String, Long> ackedAt = new ConcurrentHashMap<>();
        Set<String> durablyAcked = ConcurrentHashMap.newKeySet();
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
        AtomicLong producerResumed = new AtomicLong(Long.MAX_VALUE);
        AtomicInteger enqueueErrors = new AtomicInteger();
        AtomicBoolean producing = new AtomicBoolean(true);
        WorkerOptions options = WorkerOptions.builder().concurrency(4).lease(lease)
                .fetchTimeout(Duration.ofSeconds(1)).build();
        Worker[] workers = new Worker[2];
        boolean[] resumed = new boolean[workers.length];
        long[] ackedAgain = new long[workers.length];
        for (int w = 0; w < workers.length; w++) {
            int index = w;
            workers[w] = queue.worker(options).handle("job", Job.class, (job, ctx) ->
                    runs.computeIfAbsent(ctx.taskId(), k -> new AtomicInteger()).incrementAndGet());
            workers[w].events().onSuccess(e -> {
                long now = System.nanoTime();
                if (now > killedAt.get() && ackedAgain[index] == 0) {
                    ackedAgain[index] = now;
                }
                Long at = ackedAt.get(e.envelope().id());
                if (at != null && at > killedAt.get()) {
                    resumed[index] = true; // ran a task that only the new master can have handed out
                }
            });
            workers[w].start();
        }
        // every other task through a durable producer: it returns once the replica has the task
        Producer plain = queue.producer();
        Producer durable = plain.durable(1, Duration.ofSeconds(1));
        Thread producer = new Thread(() -> {
            for (int i = 0; producing.get(); i++) {
                try {
                    boolean isDurable = i % 2 == 1;
                    String id = (isDurable ? durable : plain).enqueue("job", new Job(i, 0));
                    long now = System.nanoTime();
                    ackedAt.put(id, now);
                    if (isDurable) {
                        durablyAcked.add(id);
                    }
                    if (now > killedAt.get()) {
                        producerResumed.accumulateAndGet(now, Math::min);
                    }
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    enqueueErrors.incrementAndGet();
                    sleep(20);
                }
            }
        }, "failover-producer");
        producer.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> runs.size() >= 300);
            kill.run();
            long t0 = System.nanoTime();
            killedAt.set(t0);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> safely(promoted));
            long promotedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> resumed[0] && resumed[1]);
            producing.set(false);
            producer.join(10_000);
            await().atMost(Duration.ofSeconds(60)).until(() -> idle(queue));
            int lost = (int) ackedAt.keySet().stream().filter(id -> !runs.containsKey(id)).count();
            int durableLost = (int) durablyAcked.stream().filter(id -> !runs.containsKey(id)).count();
            long duplicates = runs.values().stream().mapToLong(n -> n.get() - 1).sum();
            long allAckedAgain = Math.max(ackedAgain[0], ackedAgain[1]);
            return new Result((promotedAt - t0) / 1_000_000, (allAckedAgain - t0) / 1_000_000,
                    (producerResumed.get() - t0) / 1_000_000, ackedAt.size(), lost, enqueueErrors.get(), duplicates,
                    resumed[0] && resumed[1], durablyAcked.size(), durableLost);
        } finally {
            producing.set(false);
            producer.interrupt();
            producer.join(10_000);
            for (Worker w : List.of(workers)) {
                w.close();
            }
        }
    }

    private static boolean idle(TaskQueue queue) {
        try {
            QueueStats s = queue.stats();
            return s.ready() == 0 && s.active() == 0 && s.delayed() == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean safely(BooleanSupplier check) {
        try {
            return check.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
