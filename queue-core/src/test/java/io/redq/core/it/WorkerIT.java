package io.redq.core.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.WorkerState;
import io.redq.core.RedQ;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RedisTest
class WorkerIT {

    private RedQ redq;

    @BeforeEach
    void connect(RedisEndpoint redis) {
        redq = RedQ.connect(redis.url());
    }

    @AfterEach
    void close() {
        redq.close();
    }

    @Test
    void tenThousandTasksThroughThreeWorkersAreEachHandledAndNothingIsLeft() {
        TaskQueue queue = redq.queue(ItSupport.queueName("through3"));
        List<String> ids = ItSupport.enqueueJobs(queue, 10_000, 0);
        Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        WorkerOptions options = WorkerOptions.builder().concurrency(8).build();
        List<Worker> workers = List.of(worker(queue, options, handled), worker(queue, options, handled),
                worker(queue, options, handled));

        await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() == ids.size());
        workers.forEach(Worker::close);

        assertThat(handled.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(workers).allMatch(w -> w.state() == WorkerState.STOPPED);
        assertThat(ItSupport.allZero(queue.stats())).as("stats %s", queue.stats()).isTrue();
        assertThat(queue.stats().consumers()).isZero();
        for (Worker w : workers) {
            assertThat(redq.redisson().getKeys().countExists(
                    "redq:{" + queue.name() + "}:active:" + w.consumerId())).isZero();
        }
    }

    @Test
    void handlerReceivesBoundPayloadAndContext() {
        TaskQueue queue = redq.queue(ItSupport.queueName("context"));
        String id = queue.producer().enqueue("job", new Job(42, 0));
        Map<String, Object> seen = new ConcurrentHashMap<>();
        try (Worker w = queue.worker().handle("job", Job.class, (job, ctx) -> {
            seen.put("job", job);
            seen.put("id", ctx.taskId());
            seen.put("attempt", ctx.attempt());
            seen.put("queue", ctx.queue());
        }).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 4);
        }
        assertThat(seen).containsEntry("job", new Job(42, 0)).containsEntry("id", id)
                .containsEntry("attempt", 1).containsEntry("queue", queue.name());
    }

    @Test
    void tasksOfOneTypeRunInEnqueueOrderOnASingleHandler() {
        TaskQueue queue = redq.queue(ItSupport.queueName("fifo"));
        List<String> ids = ItSupport.enqueueJobs(queue, 300, 0);
        List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Worker w = queue.worker(WorkerOptions.builder().concurrency(1).build())
                .handle("job", Job.class, (job, ctx) -> order.add(ctx.taskId())).start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> order.size() == ids.size());
        }
        assertThat(order).containsExactlyElementsOf(ids);
    }

    @Test
    void workerLifecycleIsReportedAndMisuseIsRefused() {
        TaskQueue queue = redq.queue(ItSupport.queueName("lifecycle"));
        Worker w = queue.worker();
        assertThat(w.state()).isEqualTo(WorkerState.NEW);
        org.assertj.core.api.Assertions.assertThatThrownBy(w::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("register at least one handler");
        w.handle("job", Job.class, (job, ctx) -> { });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> w.handle("job", Job.class, (j, c) -> { }))
                .hasMessageContaining("already registered");
        w.start();
        assertThat(w.state()).isEqualTo(WorkerState.RUNNING);
        assertThat(queue.stats().consumers()).isEqualTo(1);
        w.stop(Duration.ofSeconds(5));
        assertThat(w.state()).isEqualTo(WorkerState.STOPPED);
        assertThat(queue.stats().consumers()).isZero();
        w.stop(Duration.ofSeconds(5));
    }

    private static Worker worker(TaskQueue queue, WorkerOptions options, Map<String, AtomicInteger> handled) {
        return queue.worker(options).handle("job", Job.class, (job, ctx) ->
                handled.computeIfAbsent(ctx.taskId(), k -> new AtomicInteger()).incrementAndGet()).start();
    }
}
