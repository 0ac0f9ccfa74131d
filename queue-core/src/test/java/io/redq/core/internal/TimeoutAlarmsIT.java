package io.redq.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Each task's timeout alarm leaves the timer queue when the task ends, not when the alarm would ring. */
@RedisTest
class TimeoutAlarmsIT {

    @Test
    void finishedTasksLeaveNoAlarmBehind(RedisEndpoint redis) {
        int tasks = 5_000;
        int concurrency = 8;
        try (RedQ redq = RedQ.connect(redis.url())) {
            TaskQueue queue = redq.queue("alarms-" + UUID.randomUUID());
            List<Integer> payloads = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                payloads.add(i);
            }
            queue.producer().enqueueAll("noop", payloads);
            AtomicInteger done = new AtomicInteger();
            WorkerOptions options = WorkerOptions.builder().concurrency(concurrency)
                    .taskTimeout(Duration.ofMinutes(5)).fetchTimeout(Duration.ofSeconds(1)).build();
            try (Worker worker = queue.worker(options).handle("noop", Integer.class, (n, ctx) -> done.incrementAndGet())
                    .start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> done.get() == tasks);
                // the housekeeping timers and at most one alarm per handler slot
                assertThat(((RedisWorker) worker).queuedTimers()).as("timers queued after %d tasks", tasks)
                        .isLessThanOrEqualTo(concurrency + 4);
            }
        }
    }
}
