package io.redq.ratelimit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redq.TaskEvent;
import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import io.redq.ratelimit.Limits;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A key rate limit inside a handler (5 calls a second to one "API host"): tasks over the limit are
 * rescheduled without spending an attempt, every task completes, and the calls keep to the limit.
 */
@RedisTest
class KeyRateLimitIT {

    private static final Logger log = LoggerFactory.getLogger(KeyRateLimitIT.class);
    private static final int TASKS = 15;
    private static final int LIMIT = 5;

    private RedQ redq;
    private Limits limits;

    @BeforeEach
    void connect(RedisEndpoint redis) {
        redq = RedQ.connect(redis.url());
        limits = Limits.of(redq);
    }

    @AfterEach
    void close() {
        limits.close();
        redq.close();
    }

    @Test
    void overTheLimitTasksAreRescheduledWithTheirAttemptUnchangedAndAllRunAtTheLimitsPace() {
        TaskQueue queue = redq.queue(Names.unique("key-rate"));
        String host = Names.unique("api.example.com");
        limits.rate(host, LIMIT, Duration.ofSeconds(1));
        Timeline calls = new Timeline(redq.redisson(), "rl-test:{" + queue.name() + "}:calls");
        Map<String, Integer> attemptWhenCalled = new ConcurrentHashMap<>();
        AtomicInteger rescheduled = new AtomicInteger();
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            jobs.add(new Job(i, 0));
        }
        queue.producer().enqueueAll("call", jobs);

        Worker worker = queue.worker(WorkerOptions.builder().concurrency(4).fetchTimeout(Duration.ofSeconds(1)).build())
                .handle("call", Job.class, (job, ctx) -> {
                    limits.acquire(host); // over the limit: RescheduleException, no attempt spent
                    calls.record(ctx.taskId());
                    attemptWhenCalled.put(ctx.taskId(), ctx.attempt());
                });
        worker.events().onRescheduled(e -> rescheduled.incrementAndGet());
        List<TaskEvent> failed = new ArrayList<>();
        worker.events().onFailure(failed::add);
        try (worker) {
            worker.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> calls.size() == TASKS && queue.stats().pending() == 0);
        }

        assertThat(attemptWhenCalled).hasSize(TASKS).allSatisfy((id, attempt) -> assertThat(attempt).isEqualTo(1));
        assertThat(rescheduled.get()).as("tasks rescheduled by the limit").isGreaterThan(0);
        assertThat(failed).isEmpty();
        assertThat(queue.stats().dead()).isZero();
        List<Long> times = calls.times();
        log.info("{} calls over {} ms, {} reschedules, busiest 1 s window {}", times.size(),
                (times.get(times.size() - 1) - times.get(0)) / 1000, rescheduled.get(), Timeline.maxInWindow(times, 1_000_000));
        assertThat(Timeline.maxInWindow(times, 1_000_000)).as("calls in the busiest 1 s window").isLessThanOrEqualTo(LIMIT);
        assertThat(rescheduled.get()).as("a backlog comes back in turns, not all at once every time")
                .isLessThan(TASKS * TASKS / 2);
        calls.delete();
        redq.redisson().getKeys().deleteByPattern("redq:{" + queue.name() + "}:*");
    }
}
