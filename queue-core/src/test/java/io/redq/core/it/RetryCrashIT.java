package io.redq.core.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.core.RedQ;
import io.redq.test.JvmProcess;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retry state lives in Redis: a worker JVM killed during the backoff does not lose the retry. */
@RedisTest
class RetryCrashIT {

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

    @Test
    void aRetryScheduledByAWorkerKilledMidBackoffStillRuns() {
        String name = ItSupport.queueName("retry-crash");
        TaskQueue queue = redq.queue(name);
        String id = queue.producer().enqueue("flaky", new Job(1, 0));
        try (JvmProcess child = JvmProcess.start(WorkerMain.class, List.of(redis.url(), name, "2", "3000"))) {
            child.awaitOutput("READY ", Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(10)).until(() -> queue.stats().delayed() == 1);
            child.kill();
        }
        assertThat(queue.stats().ready()).isZero();
        Map<String, Integer> attempts = new ConcurrentHashMap<>();
        try (Worker w = queue.worker().handle("flaky", Job.class, (job, ctx) -> attempts.put(ctx.taskId(),
                ctx.attempt())).start()) {
            await().atMost(Duration.ofSeconds(15)).until(() -> attempts.containsKey(id));
        }
        assertThat(attempts).containsEntry(id, 2);
        assertThat(queue.stats().pending()).isZero();
    }
}
