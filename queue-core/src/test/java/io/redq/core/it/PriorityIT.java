package io.redq.core.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.redq.Envelope;
import io.redq.Priorities;
import io.redq.QueueOptions;
import io.redq.TaskQueue;
import io.redq.TaskRequest;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import io.redq.core.internal.EnvelopeCodec;
import io.redq.test.JvmProcess;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisServer;
import io.redq.test.RedisTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;

/** Priority levels: strict order, weighted shares without starvation, no polling, levels kept on recovery. */
@RedisTest
class PriorityIT {

    private RedQ redq;
    private RedisEndpoint redis;

    @BeforeEach
    void connect(RedisEndpoint redis) {
        this.redis = redis;
        redq = RedQ.connect(redis.url());
    }

    @AfterEach
    void close() {
        redq.close();
    }

    private record Started(int level, int n) {
    }

    @Test
    void strictOrderRunsLevelsInOrderAndFifoInsideEachLevel() {
        TaskQueue queue = redq.queue(ItSupport.queueName("strict"),
                QueueOptions.builder().priorities(Priorities.strict(4)).build());
        Random random = new Random(7);
        List<Started> enqueued = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            int level = random.nextInt(4);
            queue.producer().enqueue(TaskRequest.of("job", new Job(i, 0)).priority(level));
            enqueued.add(new Started(level, i));
        }
        List<Started> order = new CopyOnWriteArrayList<>();
        try (Worker w = queue.worker(WorkerOptions.builder().concurrency(1).build()).handle("job", Job.class,
                (job, ctx) -> order.add(new Started(ctx.envelope().priority(), job.n()))).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> order.size() == 1_000);
        }
        List<Started> expected = new ArrayList<>(enqueued);
        expected.sort(Comparator.comparingInt(Started::level)); // stable: FIFO inside a level
        assertThat(order).containsExactlyElementsOf(expected);
    }

    @Test
    void weightedSixThreeOneGivesSharesWithinFivePointsOverTheFirstTenThousand() {
        TaskQueue queue = redq.queue(ItSupport.queueName("weighted"),
                QueueOptions.builder().priorities(Priorities.weighted(6, 3, 1)).build());
        int[] backlog = {8_000, 5_000, 3_000};
        for (int level = 0; level < 3; level++) {
            for (int i = 0; i < backlog[level]; i += 1000) {
                queue.producer().enqueueAll("job", ItSupport.jobs(1000, 0), level);
            }
        }
        List<Integer> levels = new CopyOnWriteArrayList<>();
        try (Worker w = queue.worker(WorkerOptions.builder().concurrency(16).build()).handle("job", Job.class,
                (job, ctx) -> levels.add(ctx.envelope().priority())).start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> levels.size() >= 10_000);
        }
        List<Integer> first = levels.subList(0, 10_000);
        double[] share = new double[3];
        first.forEach(l -> share[l] += 100.0 / first.size());
        assertThat(share[0]).as("level 0 share %").isBetween(55.0, 65.0);
        assertThat(share[1]).as("level 1 share %").isBetween(25.0, 35.0);
        assertThat(share[2]).as("level 2 share %").isBetween(5.0, 15.0);
    }

    @Test
    void weightedModeDoesNotStarveALowLevelUnderAContinuousUrgentStream() throws Exception {
        TaskQueue queue = redq.queue(ItSupport.queueName("starve"),
                QueueOptions.builder().priorities(Priorities.weighted(10, 1)).build());
        for (int i = 0; i < 10; i++) {
            queue.producer().enqueueAll("job", ItSupport.jobs(1_000, 0), 0);
        }
        List<String> low = queue.producer().enqueueAll("job", ItSupport.jobs(50, 0), 1);
        AtomicBoolean flooding = new AtomicBoolean(true);
        Thread flood = new Thread(() -> {
            while (flooding.get()) {
                if (queue.stats().ready() < 10_000) {
                    queue.producer().enqueueAll("job", ItSupport.jobs(1_000, 0), 0);
                }
            }
        });
        Map<String, Integer> done = new ConcurrentHashMap<>();
        flood.start();
        try (Worker w = queue.worker(WorkerOptions.builder().concurrency(4).build()).handle("job", Job.class,
                (job, ctx) -> done.put(ctx.taskId(), ctx.envelope().priority())).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> done.keySet().containsAll(low));
            long urgentBacklog = redq.redisson().getList("redq:{" + queue.name() + "}:ready:0", StringCodec.INSTANCE)
                    .size();
            assertThat(urgentBacklog).as("urgent work still waiting when the last low task ran").isPositive();
        } finally {
            flooding.set(false);
            flood.join();
        }
    }

    @Test
    void anIdleWorkerSendsAtMostOneCommandPerSecondYetStartsALowLevelTaskWithin50ms() throws Exception {
        try (RedisServer own = RedisServer.start(); RedQ client = RedQ.connect(own.url())) {
            TaskQueue queue = client.queue(ItSupport.queueName("idle"),
                    QueueOptions.builder().priorities(Priorities.strict(3)).build());
            Map<String, Long> started = new ConcurrentHashMap<>();
            try (Worker w = queue.worker().handle("job", Job.class,
                    (job, ctx) -> started.put(ctx.taskId(), System.nanoTime())).start()) {
                await().atMost(Duration.ofSeconds(5)).until(() -> queue.stats().consumers() == 1);
                try (CommandMonitor monitor = CommandMonitor.start(own.host(), own.port())) {
                    // The measurement window: the worker must stay idle (and quiet) for 10 s.
                    await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(12)).until(started::isEmpty);
                    List<String> sent = monitor.clientCommands();
                    assertThat(sent.size()).as("commands sent in 10 s of idleness: %s", sent).isLessThanOrEqualTo(10);
                }

                // One warm-up task (class loading, JIT), then five measured from an idle worker.
                for (int i = 0; i < 6; i++) {
                    long enqueuedAt = System.nanoTime();
                    String id = queue.producer().enqueue(TaskRequest.of("job", new Job(i, 0)).priority(2))
                            .orElseThrow();
                    await().atMost(Duration.ofSeconds(2)).until(() -> started.containsKey(id));
                    if (i > 0) {
                        assertThat((started.get(id) - enqueuedAt) / 1_000_000).as("ms to start").isLessThanOrEqualTo(50);
                    }
                }
            }
        }
    }

    @Test
    void aKilledWorkersTasksGoBackToTheirOwnLevels() throws Exception {
        String name = ItSupport.queueName("levels-crash");
        TaskQueue queue = redq.queue(name, QueueOptions.builder().priorities(Priorities.strict(3)).build());
        Map<String, Integer> levelOf = new ConcurrentHashMap<>();
        for (int i = 0; i < 9; i++) {
            int level = i % 3;
            String id = queue.producer().enqueue(TaskRequest.of("job", new Job(i, 600_000)).priority(level))
                    .orElseThrow();
            levelOf.put(id, level);
        }
        try (JvmProcess child = JvmProcess.start(WorkerMain.class, List.of(redis.url(), name, "9", "2000", "5", "3"))) {
            child.awaitOutput("READY ", Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(10)).until(() -> queue.stats().active() == 9);
            child.kill();
        }
        // A live consumer recovers them; it runs one (held on a latch) and leaves the other eight in ready.
        CountDownLatch release = new CountDownLatch(1);
        Map<String, Integer> held = new ConcurrentHashMap<>();
        try (Worker recoverer = queue.worker(WorkerOptions.builder().concurrency(1).lease(Duration.ofSeconds(3))
                .fetchTimeout(Duration.ofSeconds(1)).shutdownDeadline(Duration.ofSeconds(1)).build()).handle("job", Job.class, (job, ctx) -> {
                    held.put(ctx.taskId(), ctx.envelope().priority());
                    release.await();
                }).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == 1 && queue.stats().ready() == 8);
            EnvelopeCodec codec = new EnvelopeCodec(RedQ.defaultMapper());
            for (int level = 0; level < 3; level++) {
                for (String raw : redq.redisson().<String>getList("redq:{" + name + "}:ready:" + level,
                        StringCodec.INSTANCE).readAll()) {
                    Envelope e = codec.decode(raw);
                    assertThat(levelOf.get(e.id())).as("level of %s", e.id()).isEqualTo(level);
                    assertThat(e.deliveries()).isEqualTo(1);
                }
            }
            String heldId = held.keySet().iterator().next();
            assertThat(held.get(heldId)).isEqualTo(levelOf.get(heldId));
            release.countDown();
        }
    }

    @Test
    void aPriorityOutsideTheDeclaredLevelsIsRefusedAndNothingIsWritten() {
        TaskQueue queue = redq.queue(ItSupport.queueName("bad-level"),
                QueueOptions.builder().priorities(Priorities.strict(3).name("urgent", 0)).build());
        assertThatThrownBy(() -> queue.producer().enqueue(TaskRequest.of("job", new Job(1, 0)).priority(3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("priority 3 is outside the declared levels 0..2");
        assertThatThrownBy(() -> queue.producer().enqueue(TaskRequest.of("job", new Job(1, 0)).priority(-1)))
                .hasMessageContaining("priority -1");
        assertThatThrownBy(() -> queue.producer().enqueueAll("job", ItSupport.jobs(3, 0), 7))
                .hasMessageContaining("priority 7 is outside the declared levels 0..2");
        assertThatThrownBy(() -> queue.producer().enqueue(TaskRequest.of("job", new Job(1, 0)).priority("soon")))
                .hasMessageContaining("'soon' is not a declared level name [urgent]");
        TaskQueue plain = redq.queue(ItSupport.queueName("no-levels"));
        assertThatThrownBy(() -> plain.producer().enqueue(TaskRequest.of("job", new Job(1, 0)).priority(1)))
                .hasMessageContaining("the queue declares no priorities");
        assertThat(queue.stats().pending()).isZero();
        assertThat(redq.redisson().getKeys().getKeysByPattern("redq:{" + queue.name() + "}:*")).isEmpty();
        assertThat(queue.producer().enqueue(TaskRequest.of("job", new Job(1, 0)).priority("urgent"))).isPresent();
        assertThatThrownBy(() -> redq.queue(queue.name())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already open with");
    }
}
