package io.redq.core.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redq.QueueUnavailableException;
import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import io.redq.test.JvmProcess;
import io.redq.test.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Redis full ({@code maxmemory} with {@code noeviction}): enqueue fails with an error that names the
 * cause, nothing queued is lost, workers (fetch, heartbeat, ack) go on draining, and enqueue works
 * again once there is room. A server whose policy evicts keys gets a warning in the worker's log.
 */
class MemoryFullIT {

    private static final RedisServer.Options FULL_AT_8MB = RedisServer.Options.builder()
            .extraArgs("--maxmemory", "8mb", "--maxmemory-policy", "noeviction").build();

    @Test
    void enqueueOnAFullRedisFailsClearlyWhileWorkersDrainEveryQueuedTask() {
        try (RedisServer server = RedisServer.start(FULL_AT_8MB); RedQ redq = RedQ.connect(server.url())) {
            TaskQueue queue = redq.queue(ItSupport.queueName("full"));
            String padding = "p".repeat(2_000);
            List<String> acknowledged = new ArrayList<>();
            QueueUnavailableException refused = null;
            for (int round = 0; round < 10_000 && refused == null; round++) {
                List<Map<String, Object>> batch = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    batch.add(Map.of("n", round * 50 + i, "sleepMs", 0, "padding", padding));
                }
                try {
                    acknowledged.addAll(queue.producer().enqueueAll("job", batch));
                } catch (QueueUnavailableException e) {
                    refused = e;
                }
            }
            assertThat(refused).as("an enqueue refused once Redis is full").isNotNull();
            assertThat(refused.getMessage()).contains("Redis is out of memory").contains("maxmemory")
                    .contains("noeviction").contains("was not enqueued").contains(queue.name());
            assertThat(acknowledged).hasSizeGreaterThan(1_000);
            // noeviction: every acknowledged task is still there
            assertThat(queue.stats().ready()).isEqualTo(acknowledged.size());

            Map<String, Integer> runs = new ConcurrentHashMap<>();
            WorkerOptions one = WorkerOptions.builder().concurrency(1).lease(Duration.ofSeconds(3))
                    .fetchTimeout(Duration.ofSeconds(1)).build();
            // Concurrency 1 fetches with BLMOVE, which a full Redis refuses: the worker must still drain,
            // and its heartbeat (a ZADD) must still register it.
            try (Worker single = start(queue, one, runs)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> runs.size() >= 200);
                assertThat(queue.stats().consumers()).isEqualTo(1);
                try (Worker batch = start(queue, WorkerOptions.builder().concurrency(8).lease(Duration.ofSeconds(3))
                        .fetchTimeout(Duration.ofSeconds(1)).build(), runs)) {
                    await().atMost(Duration.ofSeconds(60)).until(() -> runs.size() == acknowledged.size()
                            && queue.stats().pending() == 0);
                }
            }
            assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(acknowledged);
            assertThat(runs.values()).as("runs per task (a failed heartbeat would let leases expire)")
                    .allMatch(n -> n == 1);
            assertThat(queue.stats().dead()).isZero();
            assertThat(queue.producer().enqueue("job", Map.of("n", -1, "sleepMs", 0))).as("room again").isNotBlank();
            System.out.printf("memory full: %d tasks (2 KB each) enqueued before Redis refused one, all %d drained"
                    + " once each, enqueue accepted again%n", acknowledged.size(), runs.size());
        }
    }

    @Test
    void aWorkerWarnsWhenRedisMayEvictKeysAndNamesThePolicy() {
        RedisServer.Options evicting = RedisServer.Options.builder()
                .extraArgs("--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru").build();
        try (RedisServer lru = RedisServer.start(evicting); RedisServer safe = RedisServer.start(FULL_AT_8MB)) {
            String warning = "maxmemory-policy is 'allkeys-lru' (maxmemory 67108864)";
            try (JvmProcess worker = startWorker(lru)) {
                worker.awaitOutput(warning, Duration.ofSeconds(30));
                assertThat(worker.outputLines()).anyMatch(l -> l.contains("WARN") && l.contains(warning)
                        && l.contains("noeviction"));
            }
            try (JvmProcess worker = startWorker(safe)) {
                // the check runs inside start(), before READY is printed
                assertThat(worker.outputLines()).noneMatch(l -> l.contains("maxmemory-policy is"));
            }
        }
    }

    private static JvmProcess startWorker(RedisServer server) {
        JvmProcess child = JvmProcess.start(WorkerMain.class, List.of(server.url(), ItSupport.queueName("policy"),
                "1", "3000"));
        child.awaitOutput("READY ", Duration.ofSeconds(30));
        return child;
    }

    private static Worker start(TaskQueue queue, WorkerOptions options, Map<String, Integer> runs) {
        return queue.worker(options).handle("job", Map.class, (job, ctx) -> runs.merge(ctx.taskId(), 1, Integer::sum))
                .start();
    }
}
