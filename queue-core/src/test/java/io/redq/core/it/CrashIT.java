package io.redq.core.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redq.DeadLetter;
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

/** Worker JVMs that die with SIGKILL or halt themselves: nothing is lost, recovery is prompt. */
@RedisTest
class CrashIT {

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
    void killedWorkerLosesNothingAndItsTasksAreRecoveredWithinLeasePlusOneSecond() throws Exception {
        String name = ItSupport.queueName("crash");
        TaskQueue queue = redq.queue(name);
        Runs runs = new Runs(redq.redisson(), name);
        List<String> ids = ItSupport.enqueueJobs(queue, 2_000, 3);

        String deadActive;
        long inFlightAtKill;
        long killedAt;
        try (JvmProcess child = startWorker(name, 20, 5)) {
            String consumer = child.outputLines().stream().filter(l -> l.startsWith("READY ")).findFirst()
                    .orElseThrow().substring(6);
            deadActive = "redq:{" + name + "}:active:" + consumer;
            await().atMost(Duration.ofSeconds(30)).until(() -> runs.distinct() >= 300);
            child.kill();
            killedAt = System.nanoTime();
            inFlightAtKill = ItSupport.llen(redq, deadActive);
        }
        assertThat(inFlightAtKill).as("tasks in flight at the kill").isPositive();

        WorkerOptions options = WorkerOptions.builder().concurrency(20).lease(LEASE)
                .fetchTimeout(Duration.ofSeconds(1)).build();
        try (Worker survivor = queue.worker(options).handle("job", Job.class, (job, ctx) -> {
            Thread.sleep(job.sleepMs());
            runs.record(ctx.taskId());
        }).start()) {
            await().atMost(LEASE.plusSeconds(1).plusMillis(500)).pollInterval(Duration.ofMillis(20))
                    .until(() -> ItSupport.llen(redq, deadActive) == 0);
            long recoveredAfterMs = (System.nanoTime() - killedAt) / 1_000_000;
            assertThat(recoveredAfterMs).as("ms from kill to recovery").isLessThanOrEqualTo(LEASE.toMillis() + 1_000);
            await().atMost(Duration.ofSeconds(60)).until(() -> runs.distinct() == ids.size());
            // The dead consumer is forgotten once its lease has been expired for a grace period.
            await().atMost(Duration.ofSeconds(10)).until(() -> queue.stats().consumers() == 1);
        }
        assertThat(runs.all().keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(runs.duplicates()).as("duplicates").isLessThanOrEqualTo(inFlightAtKill);
        assertThat(ItSupport.allZero(queue.stats())).as("stats %s", queue.stats()).isTrue();
        assertThat(redq.redisson().getKeys().countExists(deadActive)).as("dead consumer's active list").isZero();
        assertThat(queue.stats().consumers()).isZero();
    }

    @Test
    void poisonPillEndsInDeadLetterAfterExactlyTheDeliveryLimitWhileOtherTasksFlow() throws Exception {
        String name = ItSupport.queueName("poison");
        TaskQueue queue = redq.queue(name);
        Runs runs = new Runs(redq.redisson(), name);
        Runs poisonRuns = new Runs(redq.redisson(), name + "-poison");
        int limit = 3;
        List<String> before = ItSupport.enqueueJobs(queue, 50, 1);
        String poison = queue.producer().enqueue("poison", new Job(-1, 0));
        List<String> after = ItSupport.enqueueJobs(queue, 50, 1);

        for (int delivery = 1; delivery <= limit; delivery++) {
            try (JvmProcess child = startWorker(name, 1, limit)) {
                assertThat(child.waitForExit(Duration.ofSeconds(30))).as("exit of poisoned JVM %d", delivery)
                        .isEqualTo(17);
            }
            assertThat(queue.deadLetters().size()).isZero();
        }
        // The JVM that recovers the last poisoned consumer dead-letters the task instead of running it.
        try (JvmProcess finisher = startWorker(name, 4, limit)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> queue.deadLetters().size() == 1
                    && runs.distinct() == before.size() + after.size());
            assertThat(finisher.isAlive()).isTrue();
            finisher.terminate();
            assertThat(finisher.waitForExit(Duration.ofSeconds(30))).isNotEqualTo(17);
        }
        DeadLetter dead = queue.deadLetters().get(poison).orElseThrow();
        assertThat(dead.reason()).isEqualTo("delivery limit exceeded");
        assertThat(dead.envelope().deliveries()).isEqualTo(limit);
        assertThat(poisonRuns.all()).containsEntry(poison, String.valueOf(limit));
        assertThat(runs.distinct()).isEqualTo(before.size() + after.size());
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.stats().pending() == 0);
    }

    private JvmProcess startWorker(String queue, int concurrency, int deliveryLimit) {
        JvmProcess child = JvmProcess.start(WorkerMain.class, List.of(redis.url(), queue,
                String.valueOf(concurrency), String.valueOf(LEASE.toMillis()), String.valueOf(deliveryLimit)));
        child.awaitOutput("READY ", Duration.ofSeconds(30));
        return child;
    }
}
