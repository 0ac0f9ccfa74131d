package io.redq.core.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.redq.QueueUnavailableException;
import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import io.redq.test.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Redis killed (SIGKILL) and restarted from its append-only file mid-run: workers reconnect and
 * finish; with {@code appendfsync always} no acknowledged enqueue is lost, and with {@code everysec}
 * the loss is measured (printed) and bounded by the last two seconds of enqueues.
 */
class RedisRestartIT {

    private static final RedisServer.Options DURABLE = RedisServer.Options.builder().appendOnly(true)
            .appendFsyncAlways(true).build();

    @Test
    void workersReconnectAfterARestartAndFinishEveryTask() {
        try (RedisServer server = RedisServer.start(DURABLE); RedQ redq = RedQ.connect(server.url())) {
            TaskQueue queue = redq.queue(ItSupport.queueName("restart"));
            List<String> ids = ItSupport.enqueueJobs(queue, 3_000, 2);
            Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
            WorkerOptions options = WorkerOptions.builder().concurrency(10).lease(Duration.ofSeconds(10)).build();
            try (Worker a = start(queue, options, handled); Worker b = start(queue, options, handled)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() >= 500);
                server.kill();
                server.restart();
                await().atMost(Duration.ofSeconds(90)).until(() -> handled.keySet().containsAll(ids)
                        && queue.stats().pending() == 0);
            }
            assertThat(handled.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(queue.stats().dead()).isZero();
        }
    }

    @Test
    void enqueueWhileRedisIsDownThrowsInsteadOfDroppingTheTask() {
        try (RedisServer server = RedisServer.start(DURABLE); RedQ redq = RedQ.connect(server.url())) {
            TaskQueue queue = redq.queue(ItSupport.queueName("down"));
            queue.producer().enqueue("job", new Job(1, 0));
            server.kill();
            assertThatThrownBy(() -> queue.producer().enqueue("job", new Job(2, 0)))
                    .isInstanceOf(QueueUnavailableException.class)
                    .hasMessageContaining("could not enqueue task")
                    .hasMessageContaining(queue.name());
            server.restart();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> queue.producer().enqueue("job", new Job(3, 0)) != null);
            assertThat(queue.stats().ready()).isEqualTo(2);
        }
    }

    @Test
    void withAppendfsyncAlwaysAKillLosesNoAcknowledgedEnqueue() throws Exception {
        Loss loss = killMidRun(DURABLE);
        System.out.println("Redis kill -9, appendfsync always: " + loss);
        assertThat(loss.lost()).as("acknowledged enqueues lost").isZero();
    }

    @Test
    void withAppendfsyncEverysecAKillLosesAtMostTheLastSecondsOfEnqueues() throws Exception {
        Loss loss = killMidRun(RedisServer.Options.builder().appendOnly(true).build());
        System.out.println("Redis kill -9, appendfsync everysec: " + loss);
        // Redis writes the AOF before it replies, and fsyncs it once a second; a write may be postponed
        // for up to 2 s while an fsync is slow. So at most the enqueues of the last two seconds can go.
        assertThat(loss.lost()).as("acknowledged enqueues lost").isLessThanOrEqualTo(loss.lastTwoSeconds());
    }

    /** What a kill cost: enqueues acknowledged before it, lost of those, and how many came in its last 2 s. */
    record Loss(int acknowledged, int lost, int lastTwoSeconds, int refused, long duplicates) {
        @Override
        public String toString() {
            return acknowledged + " acknowledged before the kill (" + lastTwoSeconds + " in its last 2 s), " + lost
                    + " lost, " + refused + " refused while Redis was down, " + duplicates + " run twice";
        }
    }

    /** Two producers enqueue one task per call while a worker drains; Redis is killed and restarted. */
    private static Loss killMidRun(RedisServer.Options persistence) throws Exception {
        try (RedisServer server = RedisServer.start(persistence); RedQ redq = RedQ.connect(server.url())) {
            TaskQueue queue = redq.queue(ItSupport.queueName("aof"));
            Map<String, Long> ackedAt = new ConcurrentHashMap<>();
            AtomicInteger refused = new AtomicInteger();
            AtomicBoolean producing = new AtomicBoolean(true);
            List<Thread> producers = List.of(producer(queue, ackedAt, refused, producing),
                    producer(queue, ackedAt, refused, producing));
            Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
            WorkerOptions options = WorkerOptions.builder().concurrency(4).lease(Duration.ofSeconds(10)).build();
            long killedAt;
            Map<String, Long> beforeKill;
            try (Worker w = start(queue, options, handled)) {
                producers.forEach(Thread::start);
                await().atMost(Duration.ofSeconds(30)).until(() -> ackedAt.size() >= 3_000);
                server.kill();
                killedAt = System.nanoTime();
                beforeKill = Map.copyOf(ackedAt);
                server.restart();
                await().atMost(Duration.ofSeconds(30)).until(() -> ackedAt.size() >= beforeKill.size() + 500);
                producing.set(false);
                for (Thread t : producers) {
                    t.join(30_000);
                }
                // Drained: every acknowledged task that survived has run.
                await().atMost(Duration.ofSeconds(90)).until(() -> queue.stats().pending() == 0);
            }
            int lost = (int) ackedAt.keySet().stream().filter(id -> !handled.containsKey(id)).count();
            int lastTwo = (int) beforeKill.values().stream().filter(t -> killedAt - t <= 2_000_000_000L).count();
            long lostAfterKill = ackedAt.entrySet().stream()
                    .filter(e -> !handled.containsKey(e.getKey()) && e.getValue() > killedAt).count();
            assertThat(lostAfterKill).as("enqueues acknowledged after the restart that never ran").isZero();
            long duplicates = handled.values().stream().mapToLong(n -> n.get() - 1).sum();
            return new Loss(beforeKill.size(), lost, lastTwo, refused.get(), duplicates);
        }
    }

    private static Thread producer(TaskQueue queue, Map<String, Long> ackedAt, AtomicInteger refused,
                                   AtomicBoolean producing) {
        return new Thread(() -> {
            while (producing.get()) {
                try {
                    String id = queue.producer().enqueue("job", new Job(ackedAt.size(), 1));
                    ackedAt.put(id, System.nanoTime()); // the time the enqueue returned
                } catch (QueueUnavailableException e) {
                    refused.incrementAndGet();
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }, "producer");
    }

    private static Worker start(TaskQueue queue, WorkerOptions options, Map<String, AtomicInteger> handled) {
        return queue.worker(options).handle("job", Job.class, (job, ctx) -> {
            Thread.sleep(job.sleepMs());
            handled.computeIfAbsent(ctx.taskId(), k -> new AtomicInteger()).incrementAndGet();
        }).start();
    }
}
