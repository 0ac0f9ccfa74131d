package io.redq.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.redq.Priorities;
import io.redq.QueueOptions;
import io.redq.RescheduleException;
import io.redq.TaskQueue;
import io.redq.TaskRequest;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import io.redq.spi.FailureDecision;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every meter moves as tasks flow, retry, reschedule and dead-letter, against a real Redis. */
@RedisTest
class RedqMetricsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private RedQ redq;
    private SimpleMeterRegistry registry;

    @BeforeEach
    void connect(RedisEndpoint redis) {
        redq = RedQ.connect(redis.url());
        registry = new SimpleMeterRegistry();
    }

    @AfterEach
    void close() {
        redq.close();
    }

    @Test
    void everyMeterMovesAsTasksFlowRetryRescheduleAndDeadLetter() throws Exception {
        TaskQueue queue = redq.queue(queueName("flow"));
        RedqMetrics.of(queue, RedqMetricsConfig.custom().statsCacheTtl(Duration.ofMillis(100)).build())
                .bindTo(registry);
        assertThat(gauge(queue, "ready")).isZero();
        assertThat(workers(queue)).isZero();

        for (int i = 0; i < 3; i++) {
            queue.producer().enqueue("ok", new Job(i));
        }
        queue.producer().enqueue("flaky", new Job(10));
        queue.producer().enqueue("doomed", new Job(11));
        queue.producer().enqueue("later", new Job(12));
        queue.producer().enqueue("block", new Job(13));
        queue.producer().enqueue(TaskRequest.of("delayed", new Job(14)).delay(Duration.ofSeconds(3)));
        await().atMost(WAIT).until(() -> gauge(queue, "ready") == 7 && gauge(queue, "delayed") == 1);

        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean flakyFailed = new AtomicBoolean();
        AtomicBoolean laterAsked = new AtomicBoolean();
        WorkerOptions options = WorkerOptions.builder().concurrency(4)
                .failurePolicy(f -> f.envelope().attempt() < 2
                        ? FailureDecision.retryAfter(Duration.ofMillis(100)) : FailureDecision.deadLetter("exhausted"))
                .build();
        Worker worker = queue.worker(options)
                .handle("ok", Job.class, (job, ctx) -> { })
                .handle("delayed", Job.class, (job, ctx) -> { })
                .handle("flaky", Job.class, (job, ctx) -> {
                    if (flakyFailed.compareAndSet(false, true)) {
                        throw new IllegalStateException("flaky fails once");
                    }
                })
                .handle("doomed", Job.class, (job, ctx) -> {
                    throw new IllegalStateException("doomed fails on attempt " + ctx.attempt());
                })
                .handle("later", Job.class, (job, ctx) -> {
                    if (laterAsked.compareAndSet(false, true)) {
                        throw new RescheduleException("not yet", Duration.ofMillis(200));
                    }
                })
                .handle("block", Job.class, (job, ctx) -> release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        RedqMetrics.monitor(worker).bindTo(registry);
        try (worker) {
            worker.start();
            await().atMost(WAIT).until(() -> gauge(queue, "active") == 1 && workers(queue) == 1
                    && gauge(queue, "ready") == 0);
            // ok x3, flaky (on its retry) and later (after its reschedule) complete; the delayed one may too
            await().atMost(WAIT).until(() -> gauge(queue, "dead") == 1 && sum(queue, RedqMetrics.TASKS_COMPLETED) >= 5);
            assertThat(gauge(queue, "active")).as("block still holds its task").isEqualTo(1);
            release.countDown();
            await().atMost(WAIT).until(() -> sum(queue, RedqMetrics.TASKS_COMPLETED) == 7
                    && gauge(queue, "active") == 0 && gauge(queue, "delayed") == 0);

            assertThat(count(queue, RedqMetrics.TASKS_COMPLETED, "ok")).isEqualTo(3);
            await().atMost(WAIT).untilAsserted(() -> assertThat(registry.get(RedqMetrics.QUEUE_COMPLETED)
                    .tags("queue", queue.name()).functionCounter().count()).as("cluster-wide, from Redis").isEqualTo(7));
            assertThat(count(queue, RedqMetrics.TASKS_COMPLETED, "flaky")).isEqualTo(1);
            assertThat(count(queue, RedqMetrics.TASKS_COMPLETED, "doomed")).isZero();
            assertThat(count(queue, RedqMetrics.TASKS_FAILED, "flaky")).isEqualTo(1);
            assertThat(count(queue, RedqMetrics.TASKS_FAILED, "doomed")).isEqualTo(2);
            assertThat(count(queue, RedqMetrics.TASKS_RETRIED, "flaky")).isEqualTo(1);
            assertThat(count(queue, RedqMetrics.TASKS_RETRIED, "doomed")).isEqualTo(1);
            assertThat(count(queue, RedqMetrics.TASKS_RESCHEDULED, "later")).isEqualTo(1);
            assertThat(count(queue, RedqMetrics.TASKS_DEAD_LETTERED, "doomed")).isEqualTo(1);
            assertThat(sum(queue, RedqMetrics.TASKS_DEAD_LETTERED)).isEqualTo(1);

            assertThat(durations(queue, "success")).isEqualTo(7);
            assertThat(durations(queue, "failure")).isEqualTo(3);
            assertThat(durations(queue, "rescheduled")).isEqualTo(1);
            Timer block = registry.get(RedqMetrics.TASK_DURATION).tags("queue", queue.name(), "type", "block",
                    "outcome", "success").timer();
            assertThat(block.max(TimeUnit.MILLISECONDS)).isPositive();
            // first starts: 3 ok, flaky and doomed attempt 1, both runs of "later" (still attempt 1), block, delayed
            assertThat(registry.find(RedqMetrics.TASK_START_LATENCY).tag("queue", queue.name()).timers().stream()
                    .mapToLong(Timer::count).sum()).isEqualTo(9);
            Timer delayed = registry.get(RedqMetrics.TASK_START_LATENCY).tags("queue", queue.name(), "type", "delayed")
                    .timer();
            assertThat(delayed.count()).isEqualTo(1);
            assertThat(delayed.max(TimeUnit.MILLISECONDS)).as("measured from the due time, not the enqueue")
                    .isLessThan(3_000);
            assertThat(gauge(queue, "ready")).isZero();
            assertThat(gauge(queue, "dead")).isEqualTo(1);
        }
        await().atMost(WAIT).until(() -> workers(queue) == 0);
    }

    @Test
    void taskMetersAreTaggedWithThePriorityLevel() {
        TaskQueue queue = redq.queue(queueName("levels"), QueueOptions.builder().priorities(Priorities.strict(3)).build());
        queue.producer().enqueue(TaskRequest.of("p", new Job(0)).priority(0));
        queue.producer().enqueue(TaskRequest.of("p", new Job(2)).priority(2));
        queue.producer().enqueue(TaskRequest.of("p", new Job(3)).priority(2));
        Worker worker = queue.worker().handle("p", Job.class, (job, ctx) -> { });
        RedqMetrics.monitor(worker).bindTo(registry);
        try (worker) {
            worker.start();
            await().atMost(WAIT).until(() -> sum(queue, RedqMetrics.TASKS_COMPLETED) == 3);
        }
        assertThat(registry.get(RedqMetrics.TASKS_COMPLETED).tags("queue", queue.name(), "priority", "0")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get(RedqMetrics.TASKS_COMPLETED).tags("queue", queue.name(), "priority", "2")
                .counter().count()).isEqualTo(2);
    }

    @Test
    void nothingIsRegisteredUntilBoundAndBindingTwiceCountsOnce() {
        TaskQueue queue = redq.queue(queueName("unbound"));
        QueueMetrics gauges = RedqMetrics.of(queue);
        queue.producer().enqueue("ok", new Job(1));
        Worker worker = queue.worker().handle("ok", Job.class, (job, ctx) -> { });
        WorkerMetrics meters = RedqMetrics.monitor(worker);
        try (worker) {
            worker.start();
            await().atMost(WAIT).until(() -> queue.stats().pending() == 0);
            assertThat(registry.getMeters()).isEmpty();

            meters.bindTo(registry);
            meters.bindTo(registry);
            gauges.bindTo(registry);
            gauges.bindTo(registry);
            queue.producer().enqueue("ok", new Job(2));
            await().atMost(WAIT).until(() -> sum(queue, RedqMetrics.TASKS_COMPLETED) == 1);
        }
        assertThat(registry.find(RedqMetrics.QUEUE_TASKS).tag("queue", queue.name()).gauges()).hasSize(4);
        assertThat(sum(queue, RedqMetrics.TASKS_COMPLETED)).isEqualTo(1);
    }

    private double gauge(TaskQueue queue, String state) {
        return registry.get(RedqMetrics.QUEUE_TASKS).tags("queue", queue.name(), "state", state).gauge().value();
    }

    private double workers(TaskQueue queue) {
        return registry.get(RedqMetrics.QUEUE_WORKERS).tags("queue", queue.name()).gauge().value();
    }

    private double count(TaskQueue queue, String name, String type) {
        return registry.find(name).tags("queue", queue.name(), "type", type).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private double sum(TaskQueue queue, String name) {
        return registry.find(name).tag("queue", queue.name()).counters().stream().mapToDouble(Counter::count).sum();
    }

    private long durations(TaskQueue queue, String outcome) {
        return registry.find(RedqMetrics.TASK_DURATION).tags("queue", queue.name(), "outcome", outcome).timers()
                .stream().mapToLong(Timer::count).sum();
    }

    private static String queueName(String test) {
        return "it-metrics-" + test + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
