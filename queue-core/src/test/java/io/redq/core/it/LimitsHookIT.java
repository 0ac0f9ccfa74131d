package io.redq.core.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redq.RescheduleException;
import io.redq.TaskEvent;
import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import io.redq.spi.FetchLimiter;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hooks limits plug into: a fetch limiter before every fetch, and rescheduling without an attempt. */
@RedisTest
class LimitsHookIT {

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
    void aRescheduledTaskRunsAgainLaterWithoutSpendingAnAttempt() {
        TaskQueue queue = redq.queue(ItSupport.queueName("reschedule"));
        String id = queue.producer().enqueue("job", new Job(1, 0));
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        List<TaskEvent> rescheduled = new CopyOnWriteArrayList<>();
        Worker w = queue.worker().handle("job", Job.class, (job, ctx) -> {
            attempts.add(ctx.attempt());
            if (attempts.size() < 3) {
                throw new RescheduleException("limit reached", Duration.ofMillis(200));
            }
        });
        w.events().onRescheduled(rescheduled::add);
        try (w) {
            w.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> attempts.size() == 3 && queue.stats().pending() == 0);
        }
        assertThat(attempts).containsExactly(1, 1, 1);
        assertThat(rescheduled).hasSize(2).allMatch(e -> e.envelope().id().equals(id)
                && e.retryDelay().equals(Duration.ofMillis(200)));
        assertThat(queue.stats().dead()).isZero();
    }

    @Test
    void aFetchLimiterThatGrantsNothingKeepsTasksInReadyNotInActive() {
        TaskQueue queue = redq.queue(ItSupport.queueName("limiter"));
        ItSupport.enqueueJobs(queue, 50, 0);
        AtomicBoolean open = new AtomicBoolean(false);
        AtomicInteger asked = new AtomicInteger();
        FetchLimiter gate = max -> {
            asked.incrementAndGet();
            return open.get() ? FetchLimiter.Grant.of(1) : FetchLimiter.Grant.waitFor(Duration.ofMillis(100));
        };
        AtomicInteger done = new AtomicInteger();
        try (Worker w = queue.worker(WorkerOptions.builder().concurrency(8).fetchLimiter(gate).build())
                .handle("job", Job.class, (job, ctx) -> done.incrementAndGet()).start()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> asked.get() >= 5);
            assertThat(queue.stats().ready()).isEqualTo(50);
            assertThat(queue.stats().active()).isZero();
            assertThat(asked.get()).as("asks in the first ~0.5 s: it waits as told, it does not spin").isLessThan(50);
            open.set(true);
            await().atMost(Duration.ofSeconds(10)).until(() -> done.get() == 50);
        }
        assertThat(queue.stats().pending()).isZero();
    }
}
