package io.redq.core.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Operators pause a queue (no new fetches within a second, in every worker) and resume it; nothing is lost. */
@RedisTest
class PauseIT {

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
    void pauseStopsNewFetchesWithinASecondAndResumeRestartsThem() {
        TaskQueue queue = redq.queue(ItSupport.queueName("pause"));
        List<String> ids = ItSupport.enqueueJobs(queue, 3_000, 5);
        Map<String, Long> started = new ConcurrentHashMap<>();
        WorkerOptions options = WorkerOptions.builder().concurrency(4).build();
        Worker a = queue.worker(options).handle("job", Job.class, (job, ctx) -> {
            started.put(ctx.taskId(), System.nanoTime());
            Thread.sleep(job.sleepMs());
        }).start();
        Worker b = queue.worker(options).handle("job", Job.class, (job, ctx) -> {
            started.put(ctx.taskId(), System.nanoTime());
            Thread.sleep(job.sleepMs());
        }).start();
        try (a; b) {
            await().atMost(Duration.ofSeconds(20)).until(() -> started.size() >= 200);
            long pausedAt = System.nanoTime();
            queue.pause();
            assertThat(queue.isPaused()).isTrue();
            // For three seconds, no task starts later than one second after the pause.
            long deadline = pausedAt + 1_000_000_000L;
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4))
                    .until(() -> started.values().stream().allMatch(t -> t <= deadline));
            int afterOneSecond = started.size();
            assertThat(queue.stats().ready()).isPositive();
            assertThat(queue.stats().active()).isZero();

            queue.resume();
            assertThat(queue.isPaused()).isFalse();
            await().atMost(Duration.ofSeconds(2)).until(() -> started.size() > afterOneSecond);
            await().atMost(Duration.ofSeconds(60)).until(() -> started.size() == ids.size()
                    && queue.stats().pending() == 0);
        }
        assertThat(started.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(redq.queueNames()).contains(queue.name());
    }

    @Test
    void aWorkerStartedOnAPausedQueueWaitsForResume() {
        TaskQueue queue = redq.queue(ItSupport.queueName("paused-start"));
        queue.pause();
        String id = queue.producer().enqueue("job", new Job(1, 0));
        Map<String, Long> started = new ConcurrentHashMap<>();
        try (Worker w = queue.worker().handle("job", Job.class, (job, ctx) -> started.put(ctx.taskId(), 1L))
                .start()) {
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(started::isEmpty);
            queue.resume();
            await().atMost(Duration.ofSeconds(2)).until(() -> started.containsKey(id));
        }
    }
}
