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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Redis killed and restarted mid-run (AOF, fsync always): workers reconnect and finish; nothing is lost. */
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

    private static Worker start(TaskQueue queue, WorkerOptions options, Map<String, AtomicInteger> handled) {
        return queue.worker(options).handle("job", Job.class, (job, ctx) -> {
            Thread.sleep(job.sleepMs());
            handled.computeIfAbsent(ctx.taskId(), k -> new AtomicInteger()).incrementAndGet();
        }).start();
    }
}
