package io.redq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redq.Producer;
import io.redq.QueueStats;
import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * Kills the Redis master of a queue with SIGKILL while two producers (one plain, one durable)
 * enqueue and two workers drain it, and measures from the kill: when the replica was promoted,
 * when each worker acknowledged a task again and when it ran a task enqueued after the kill (only
 * the new master can hand that out, so a worker that does is not blocked on the old one), and how
 * many acknowledged enqueues were lost (writes the master acknowledged but had not replicated yet).
 */
final class Failover {

    /** Of one worker: ms from the kill to its first acknowledgement, and to its first task enqueued after the kill. */
    record WorkerFigures(long ackedAgainAfterMs, long ranNewTaskAfterMs) {
        @Override
        public String toString() {
            return ackedAgainAfterMs + "/" + ranNewTaskAfterMs;
        }
    }

    /**
     * What {@link #underLoad} saw; times in ms from the kill. The plain producer enqueues without
     * pause, the durable one ({@code durable(1, 1 s)}) beside it, so a durable call that waits for a
     * replica the new master does not have yet never holds back the tasks the workers resume on.
     */
    record Result(long promotedAfterMs, List<WorkerFigures> workers, long producerResumedAfterMs, int plainAcknowledged,
                  int plainLost, int durableAcknowledged, int durableFailed, int durableLost, long longestDurableCallMs,
                  int plainErrors, long duplicates) {

        /** ms from the kill until every worker had acknowledged a task again. */
        long everyWorkerAckedAgainAfterMs() {
            return workers.stream().mapToLong(WorkerFigures::ackedAgainAfterMs).max().orElseThrow();
        }

        /** ms from the kill until every worker had run a task enqueued after the kill. */
        long everyWorkerRanNewTasksAfterMs() {
            return workers.stream().mapToLong(WorkerFigures::ranNewTaskAfterMs).max().orElseThrow();
        }

        String describe(String topology, String timeout, Duration value) {
            return String.format("%s failover: %s %d ms, promoted after %d ms, every worker acknowledging again after"
                            + " %d ms and running tasks enqueued after the kill after %d ms (per worker, acked/new: %s),"
                            + " plain producer enqueuing again after %d ms (from the kill); plain enqueues: %d"
                            + " acknowledged, %d lost, %d failed with an exception; durable enqueues (1 replica): %d"
                            + " acknowledged, %d lost, %d failed with an exception, longest call %d ms; %d duplicates",
                    topology, timeout, value.toMillis(), promotedAfterMs, everyWorkerAckedAgainAfterMs(),
                    everyWorkerRanNewTasksAfterMs(), workers, producerResumedAfterMs, plainAcknowledged, plainLost,
                    plainErrors, durableAcknowledged, durableLost, durableFailed, longestDurableCallMs, duplicates);
        }

        /**
         * The acceptance: within {@code bound} of the kill every worker acknowledges again and runs
         * tasks enqueued after the kill (none stays blocked on the dead master), and within
         * {@link #REDQ_SHARE} of the promotion (what redq adds to the topology's own failover); every durable
         * enqueue returned (acknowledged or failed) within the WAIT timeout plus a command timeout,
         * and none that was acknowledged is lost. Plain losses are only reported.
         */
        void assertWithin(Duration bound) {
            assertThat(everyWorkerAckedAgainAfterMs()).as("ms from the kill until every worker acknowledged again")
                    .isLessThanOrEqualTo(bound.toMillis());
            assertThat(everyWorkerRanNewTasksAfterMs())
                    .as("ms from the kill until every worker ran a task enqueued after the kill")
                    .isLessThanOrEqualTo(bound.toMillis());
            assertThat(everyWorkerAckedAgainAfterMs() - promotedAfterMs)
                    .as("ms from the promotion until every worker acknowledged again (at most one topology scan and"
                            + " one outage back-off, 1 s each, and 1 s to spare)")
                    .isLessThanOrEqualTo(REDQ_SHARE.toMillis());
            assertThat(durableAcknowledged).as("durable enqueues acknowledged").isPositive();
            assertThat(durableLost).as("acknowledged durable enqueues that never ran").isZero();
            assertThat(longestDurableCallMs)
                    .as("longest durable enqueue call, ms (WAIT 1 s + command timeout 5 s, and 1 s to spare)")
                    .isLessThanOrEqualTo(DURABLE_WAIT.toMillis() + 5_000 + 1_000);
        }
    }

    static final Duration DURABLE_WAIT = Duration.ofSeconds(1);
    /**
     * The most redq may add to a failover once the replica is promoted: the client notices the new
     * master within one topology scan (1 s by default) and each worker loop tries again within one
     * outage back-off (at most 1 s); 1 s more for a loaded machine.
     */
    static final Duration REDQ_SHARE = Duration.ofSeconds(3);
    private static final int WORKERS = 2;

    private Failover() {
    }

    static Result underLoad(TaskQueue queue, Duration lease, Runnable kill, BooleanSupplier promoted)
            throws InterruptedException {
        Map<String, Long> plainAckedAt = new ConcurrentHashMap<>();
        Map<String, Long> durableAckedAt = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
        AtomicLong producerResumed = new AtomicLong(Long.MAX_VALUE);
        AtomicLong longestDurableCall = new AtomicLong();
        AtomicInteger plainErrors = new AtomicInteger();
        AtomicInteger durableErrors = new AtomicInteger();
        AtomicBoolean producing = new AtomicBoolean(true);
        WorkerOptions options = WorkerOptions.builder().concurrency(4).lease(lease)
                .fetchTimeout(Duration.ofSeconds(1)).build();
        Worker[] workers = new Worker[WORKERS];
        AtomicLongArray ackedAgain = new AtomicLongArray(WORKERS);
        AtomicLongArray ranNewTask = new AtomicLongArray(WORKERS);
        for (int w = 0; w < WORKERS; w++) {
            int index = w;
            workers[w] = queue.worker(options).handle("job", Job.class, (job, ctx) ->
                    runs.computeIfAbsent(ctx.taskId(), k -> new AtomicInteger()).incrementAndGet());
            workers[w].events().onSuccess(e -> {
                long now = System.nanoTime();
                if (now > killedAt.get()) {
                    ackedAgain.compareAndSet(index, 0, now);
                    String id = e.envelope().id();
                    Long at = plainAckedAt.getOrDefault(id, durableAckedAt.get(id));
                    if (at != null && at > killedAt.get()) {
                        ranNewTask.compareAndSet(index, 0, now); // only the new master can have handed it out
                    }
                }
            });
            workers[w].start();
        }
        Producer plain = queue.producer();
        Producer durable = plain.durable(1, DURABLE_WAIT);
        Thread plainProducer = new Thread(() -> {
            for (int i = 0; producing.get(); i++) {
                long wait = 2;
                try {
                    String id = plain.enqueue("job", new Job(i, 0));
                    long now = System.nanoTime();
                    plainAckedAt.put(id, now);
                    if (now > killedAt.get()) {
                        producerResumed.accumulateAndGet(now, Math::min);
                    }
                } catch (RuntimeException e) {
                    plainErrors.incrementAndGet();
                    wait = 20;
                }
                if (!pause(wait)) {
                    return;
                }
            }
        }, "failover-plain-producer");
        Thread durableProducer = new Thread(() -> {
            for (int i = 0; producing.get(); i++) {
                long start = System.nanoTime();
                try {
                    String id = durable.enqueue("job", new Job(i, 0));
                    durableAckedAt.put(id, System.nanoTime());
                } catch (RuntimeException e) {
                    durableErrors.incrementAndGet();
                }
                longestDurableCall.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
                if (!pause(4)) {
                    return;
                }
            }
        }, "failover-durable-producer");
        plainProducer.start();
        durableProducer.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> runs.size() >= 300);
            long t0 = System.nanoTime(); // times are measured from before the kill ...
            kill.run();
            killedAt.set(System.nanoTime()); // ... and count only what happened once the old master was dead
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> safely(promoted));
            long promotedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> IntStream.range(0, WORKERS).allMatch(w -> ranNewTask.get(w) != 0));
            producing.set(false);
            plainProducer.join(10_000);
            durableProducer.join(10_000);
            await().atMost(Duration.ofSeconds(60)).until(() -> idle(queue));
            int plainLost = (int) plainAckedAt.keySet().stream().filter(id -> !runs.containsKey(id)).count();
            int durableLost = (int) durableAckedAt.keySet().stream().filter(id -> !runs.containsKey(id)).count();
            long duplicates = runs.values().stream().mapToLong(n -> n.get() - 1).sum();
            List<WorkerFigures> figures = IntStream.range(0, WORKERS).mapToObj(w -> new WorkerFigures(
                    (ackedAgain.get(w) - t0) / 1_000_000, (ranNewTask.get(w) - t0) / 1_000_000)).toList();
            return new Result((promotedAt - t0) / 1_000_000, figures, (producerResumed.get() - t0) / 1_000_000,
                    plainAckedAt.size(), plainLost, durableAckedAt.size(), durableErrors.get(), durableLost,
                    longestDurableCall.get(), plainErrors.get(), duplicates);
        } finally {
            producing.set(false);
            for (Thread t : List.of(plainProducer, durableProducer)) {
                t.interrupt();
                t.join(10_000);
            }
            for (Worker w : Arrays.asList(workers)) {
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

    /** The producers' pace between enqueues; false once the thread is interrupted (the test is over). */
    private static boolean pause(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
