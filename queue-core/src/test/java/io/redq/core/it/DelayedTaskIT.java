package io.redq.core.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.redq.TaskQueue;
import io.redq.TaskRequest;
import io.redq.Worker;
import io.redq.core.RedQ;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Delayed tasks wait in the delayed set (Redis server time) and start promptly when due. */
@RedisTest
class DelayedTaskIT {

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
    void aTaskDueIn500msDoesNotStartEarlyAndStartsWithin200msOfItsDueTime() {
        TaskQueue queue = redq.queue(ItSupport.queueName("delay"));
        Map<String, long[]> started = new ConcurrentHashMap<>();
        try (Worker w = queue.worker().handle("job", Job.class, (job, ctx) ->
                started.put(ctx.taskId(), new long[] {System.currentTimeMillis(), ctx.envelope().notBefore()}))
                .start()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> queue.stats().consumers() == 1);
            for (int round = 0; round < 3; round++) {
                long before = System.currentTimeMillis();
                String id = queue.producer().enqueue(TaskRequest.of("job", new Job(round, 0))
                        .delay(Duration.ofMillis(500))).orElseThrow();
                assertThat(queue.stats().delayed()).isEqualTo(1);
                await().atMost(Duration.ofSeconds(5)).until(() -> started.containsKey(id));
                long startedAt = started.get(id)[0];
                long notBefore = started.get(id)[1];
                assertThat(notBefore).isBetween(before + 500, System.currentTimeMillis());
                assertThat(startedAt).as("started at or after its due time").isGreaterThanOrEqualTo(notBefore);
                assertThat(startedAt - notBefore).as("ms late").isLessThanOrEqualTo(200);
            }
        }
        assertThat(queue.stats().pending()).isZero();
    }

    @Test
    void runAtAnInstantAndTasksDueBeforeAWorkerStartsRunOnceItDoes() {
        TaskQueue queue = redq.queue(ItSupport.queueName("run-at"));
        String past = queue.producer().enqueue(TaskRequest.of("job", new Job(1, 0))
                .runAt(Instant.now().minusSeconds(60))).orElseThrow();
        String soon = queue.producer().enqueue(TaskRequest.of("job", new Job(2, 0))
                .runAt(Instant.now().plusMillis(300))).orElseThrow();
        String later = queue.producer().enqueue(TaskRequest.of("job", new Job(3, 0))
                .delay(Duration.ofHours(1))).orElseThrow();
        assertThat(queue.stats().delayed()).isEqualTo(3);
        Map<String, Long> started = new ConcurrentHashMap<>();
        try (Worker w = queue.worker().handle("job", Job.class, (job, ctx) ->
                started.put(ctx.taskId(), System.currentTimeMillis())).start()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> started.keySet().containsAll(List.of(past, soon)));
        }
        assertThat(started).doesNotContainKey(later);
        assertThat(queue.stats().delayed()).isEqualTo(1);
    }

    @Test
    void manyWorkersPromotingAtOnceRunEachDueTaskOnce() {
        TaskQueue queue = redq.queue(ItSupport.queueName("promote-race"));
        for (int i = 0; i < 300; i++) {
            queue.producer().enqueue(TaskRequest.of("job", new Job(i, 0)).delay(Duration.ofMillis(200 + i % 50)));
        }
        Map<String, Integer> runs = new ConcurrentHashMap<>();
        List<Worker> workers = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            workers.add(queue.worker().handle("job", Job.class, (job, ctx) ->
                    runs.merge(ctx.taskId(), 1, Integer::sum)).start());
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> runs.size() == 300 && queue.stats().pending() == 0);
        workers.forEach(Worker::close);
        assertThat(runs.values()).allMatch(n -> n == 1);
    }

    @Test
    void delayedUniqueTasksHoldTheirKeyAndBadDelaysAreRefused() {
        TaskQueue queue = redq.queue(ItSupport.queueName("delay-unique"));
        assertThat(queue.producer().enqueue(TaskRequest.of("job", new Job(1, 0)).uniqueKey("u")
                .delay(Duration.ofMinutes(5)))).isPresent();
        assertThat(queue.producer().enqueue(TaskRequest.of("job", new Job(2, 0)).uniqueKey("u"))).isEmpty();
        assertThat(queue.producer().enqueue(TaskRequest.of("job", new Job(3, 0)).uniqueKey("u")
                .delay(Duration.ofSeconds(1)))).isEmpty();
        assertThat(queue.stats().delayed()).isEqualTo(1);
        assertThat(queue.stats().ready()).isZero();
        assertThatThrownBy(() -> TaskRequest.of("job", new Job(4, 0)).delay(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delay must not be negative");
        assertThatThrownBy(() -> TaskRequest.of("job", new Job(4, 0)).runAt(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("runAt");
    }
}
