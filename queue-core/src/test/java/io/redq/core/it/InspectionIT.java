package io.redq.core.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redq.ConsumerInfo;
import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;

/** What operators read: the completed counter in {@code stats()} and {@code consumers()}. */
@RedisTest
class InspectionIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

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
    void completedCountsSuccessfulTasksOfEveryWorkerButNotFailures() {
        TaskQueue queue = redq.queue(ItSupport.queueName("completed"));
        assertThat(queue.stats().completed()).as("no counter yet").isZero();
        ItSupport.enqueueJobs(queue, 300, 0);
        queue.producer().enqueue("fails", new Job(-1, 0));
        WorkerOptions options = WorkerOptions.builder().concurrency(4).build();
        try (Worker a = worker(queue, options); Worker b = worker(queue, options)) {
            await().atMost(WAIT).until(() -> queue.stats().pending() == 0 && queue.stats().dead() == 1);
            assertThat(queue.stats().completed()).isEqualTo(300);
            assertThat(redq.redisson().getBucket("redq:{" + queue.name() + "}:completed", StringCodec.INSTANCE)
                    .get()).as("the documented key").isEqualTo("300");
        }
    }

    @Test
    void consumersListsLiveWorkersWithTheirTasksInFlightAndExpiredLeases() throws Exception {
        TaskQueue queue = redq.queue(ItSupport.queueName("consumers"));
        assertThat(queue.consumers()).isEmpty();
        CountDownLatch release = new CountDownLatch(1);
        queue.producer().enqueueAll("job", ItSupport.jobs(2, 0));
        Worker w = queue.worker(WorkerOptions.builder().concurrency(4).build())
                .handle("job", Job.class, (job, ctx) -> release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .start();
        try (w) {
            await().atMost(WAIT).until(() -> queue.consumers().size() == 1 && queue.consumers().get(0).inFlight() == 2);
            ConsumerInfo c = queue.consumers().get(0);
            assertThat(c.id()).isEqualTo(w.consumerId());
            assertThat(c.alive()).isTrue();
            assertThat(c.leaseLeft()).isPositive().isLessThanOrEqualTo(WorkerOptions.defaults().lease());
            release.countDown();
            await().atMost(WAIT).until(() -> queue.consumers().get(0).inFlight() == 0);
        }
        assertThat(queue.consumers()).as("lease released at stop").isEmpty();

        // a consumer whose lease ran out a minute ago (server time) and whom no worker has recovered
        long now = redq.redisson().getScript(StringCodec.INSTANCE).<List<Object>>eval(
                org.redisson.api.RScript.Mode.READ_ONLY, "return redis.call('TIME')",
                org.redisson.api.RScript.ReturnType.LIST).stream().findFirst()
                .map(s -> Long.parseLong((String) s) * 1000).orElseThrow();
        redq.redisson().getScoredSortedSet("redq:{" + queue.name() + "}:consumers", StringCodec.INSTANCE)
                .add(now - 60_000, "gone-1-abc");
        ConsumerInfo gone = queue.consumers().get(0);
        assertThat(gone.id()).isEqualTo("gone-1-abc");
        assertThat(gone.alive()).isFalse();
        assertThat(gone.leaseLeft()).isLessThan(Duration.ofSeconds(-50));
        assertThat(gone.inFlight()).isZero();
    }

    private static Worker worker(TaskQueue queue, WorkerOptions options) {
        return queue.worker(options).handle("job", Job.class, (job, ctx) -> { })
                .handle("fails", Job.class, (job, ctx) -> {
                    throw new IllegalStateException("fails on purpose");
                }).start();
    }
}
