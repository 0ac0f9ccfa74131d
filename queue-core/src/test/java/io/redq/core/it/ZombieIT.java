package io.redq.core.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import io.redq.test.JvmProcess;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A worker JVM frozen with SIGSTOP past its lease, then resumed: its tasks were recovered by a
 * live worker meanwhile; its late acknowledgements remove nothing it does not own, and every task
 * ends in exactly one place.
 */
@RedisTest
class ZombieIT {

    private static final Duration LEASE = Duration.ofSeconds(2);

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
    void pausedWorkerResumingLateBreaksNothing() throws Exception {
        String name = ItSupport.queueName("zombie");
        TaskQueue queue = redq.queue(name);
        Runs runs = new Runs(redq.redisson(), name);
        List<String> ids = ItSupport.enqueueJobs(queue, 4_000, 20);

        try (JvmProcess zombie = JvmProcess.start(WorkerMain.class, List.of(redis.url(), name, "10",
                String.valueOf(LEASE.toMillis())))) {
            zombie.awaitOutput("READY ", Duration.ofSeconds(30));
            String consumer = zombie.outputLines().stream().filter(l -> l.startsWith("READY ")).findFirst()
                    .orElseThrow().substring(6);
            String zombieActive = "redq:{" + name + "}:active:" + consumer;
            await().atMost(Duration.ofSeconds(30)).until(() -> runs.distinct() >= 50);
            zombie.pause();
            long frozenInFlight = ItSupport.llen(redq, zombieActive);
            assertThat(frozenInFlight).isPositive();

            WorkerOptions options = WorkerOptions.builder().concurrency(10).lease(LEASE)
                    .fetchTimeout(Duration.ofSeconds(1)).build();
            try (Worker live = queue.worker(options).handle("job", Job.class, (job, ctx) -> {
                Thread.sleep(job.sleepMs());
                runs.record(ctx.taskId());
            }).start()) {
                // The live worker recovers the frozen one's tasks once its lease expires.
                await().atMost(Duration.ofSeconds(10)).until(() -> ItSupport.llen(redq, zombieActive) == 0);
                assertThat(runs.distinct()).as("work left for the zombie").isLessThan(ids.size() - 500);
                zombie.resume();
                zombie.awaitOutput("found its lease expired", Duration.ofSeconds(10));
                // Renewed, it goes on taking work into its own active list.
                await().atMost(Duration.ofSeconds(10)).until(() -> ItSupport.llen(redq, zombieActive) > 0);
                await().atMost(Duration.ofSeconds(90)).until(() -> runs.distinct() == ids.size()
                        && queue.stats().pending() == 0);
                assertThat(zombie.isAlive()).isTrue();
            }
            zombie.terminate();
            assertThat(zombie.waitForExit(Duration.ofSeconds(30))).isNotEqualTo(17);
        }
        assertThat(runs.all().keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(runs.duplicates()).as("duplicates").isLessThanOrEqualTo(10 + 10);
        assertThat(ItSupport.allZero(queue.stats())).as("stats %s", queue.stats()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.stats().consumers() == 0);
    }
}
