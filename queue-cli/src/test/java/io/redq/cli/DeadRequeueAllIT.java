package io.redq.cli;

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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code redq dead requeue --all --yes} on 10,000 records while two workers run: nothing lost, nothing twice. */
@RedisTest
class DeadRequeueAllIT {

    private static final int TASKS = 10_000;
    private static final Duration WAIT = Duration.ofSeconds(120);

    private RedQ redq;
    private Cli cli;

    @BeforeEach
    void connect(RedisEndpoint redis) {
        redq = RedQ.connect(redis.url());
        cli = new Cli(redis.url());
    }

    @AfterEach
    void close() {
        redq.close();
    }

    @Test
    void requeueAllWhileWorkersRunLosesAndDuplicatesNothing() {
        TaskQueue q = redq.queue(Cli.queueName("requeue-10k"));
        AtomicBoolean healthy = new AtomicBoolean();
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        WorkerOptions options = WorkerOptions.builder().concurrency(8).build();
        Worker a = worker(q, options, healthy, runs);
        Worker b = worker(q, options, healthy, runs);
        try (a; b) {
            List<Job> jobs = new ArrayList<>(TASKS);
            for (int i = 0; i < TASKS; i++) {
                jobs.add(new Job(i));
            }
            List<String> ids = new ArrayList<>(TASKS);
            for (int i = 0; i < TASKS; i += 1000) {
                ids.addAll(q.producer().enqueueAll("job", jobs.subList(i, i + 1000)));
            }
            await().atMost(WAIT).until(() -> q.stats().dead() == TASKS);
            assertThat(runs).isEmpty();

            healthy.set(true);
            Cli.Result requeued = cli.run("dead", "requeue", q.name(), "--all", "--yes", "--levels", "1");
            assertThat(requeued.code()).as(requeued.toString()).isZero();
            assertThat(requeued.out()).contains("requeued " + TASKS + " record(s)");

            await().atMost(WAIT).until(() -> runs.size() == TASKS && q.stats().pending() == 0);
            assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(runs.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
            assertThat(q.stats().dead()).isZero();
        }
    }

    /** Fails every task (dead-lettered at once) until {@code healthy}, then records each run by task id. */
    private static Worker worker(TaskQueue q, WorkerOptions options, AtomicBoolean healthy,
                                 Map<String, AtomicInteger> runs) {
        return q.worker(options).handle("job", Job.class, (job, ctx) -> {
            if (!healthy.get()) {
                throw new IllegalStateException("downstream is down");
            }
            runs.computeIfAbsent(ctx.taskId(), id -> new AtomicInteger()).incrementAndGet();
        }).start();
    }
}
