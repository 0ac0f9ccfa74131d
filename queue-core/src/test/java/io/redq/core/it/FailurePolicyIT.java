package io.redq.core.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redq.DeadLetter;
import io.redq.TaskQueue;
import io.redq.TaskTimeoutException;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import io.redq.spi.FailureDecision;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The failure policy SPI: retry later through the delayed set, or dead-letter; task timeouts are failures. */
@RedisTest
class FailurePolicyIT {

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
    void aRetryDecisionRunsTheTaskAgainAfterTheDelayAsTheNextAttempt() {
        TaskQueue queue = redq.queue(ItSupport.queueName("retry"));
        String id = queue.producer().enqueue("job", new Job(1, 0));
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        List<Long> startedAt = new CopyOnWriteArrayList<>();
        List<String> lastErrors = new CopyOnWriteArrayList<>();
        WorkerOptions options = WorkerOptions.builder().failurePolicy(f -> f.envelope().attempt() < 3
                ? FailureDecision.retryAfter(Duration.ofMillis(300)) : FailureDecision.deadLetter("exhausted"))
                .build();
        try (Worker w = queue.worker(options).handle("job", Job.class, (job, ctx) -> {
            attempts.add(ctx.attempt());
            startedAt.add(System.nanoTime());
            lastErrors.add(String.valueOf(ctx.envelope().lastError()));
            throw new IllegalStateException("fail #" + ctx.attempt());
        }).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> queue.deadLetters().size() == 1);
        }
        assertThat(attempts).containsExactly(1, 2, 3);
        assertThat((startedAt.get(1) - startedAt.get(0)) / 1_000_000).isGreaterThanOrEqualTo(290);
        assertThat(lastErrors.get(0)).isEqualTo("null");
        assertThat(lastErrors.get(2)).contains("fail #2");
        DeadLetter dead = queue.deadLetters().get(id).orElseThrow();
        assertThat(dead.reason()).isEqualTo("exhausted");
        assertThat(dead.attempts()).isEqualTo(3);
        assertThat(queue.stats().pending()).isZero();
    }

    @Test
    void aHandlerOverItsTimeoutIsInterruptedAndDeadLetteredByTheDefaultPolicy() {
        TaskQueue queue = redq.queue(ItSupport.queueName("timeout"));
        String slow = queue.producer().enqueue("job", new Job(1, 30_000));
        String quick = queue.producer().enqueue("job", new Job(2, 0));
        List<String> done = new CopyOnWriteArrayList<>();
        WorkerOptions options = WorkerOptions.builder().concurrency(1).taskTimeout(Duration.ofMillis(200)).build();
        try (Worker w = queue.worker(options).handle("job", Job.class, (job, ctx) -> {
            Thread.sleep(job.sleepMs());
            done.add(ctx.taskId());
        }).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> done.contains(quick));
        }
        DeadLetter dead = queue.deadLetters().get(slow).orElseThrow();
        assertThat(dead.reason()).isEqualTo("failed");
        assertThat(dead.errorClass()).isEqualTo(TaskTimeoutException.class.getName());
        assertThat(dead.errorMessage()).contains(slow).contains("PT0.2S");
        assertThat(done).containsExactly(quick);
    }

    @Test
    void aPolicyThatThrowsDeadLettersTheTaskAndTheWorkerGoesOn() {
        TaskQueue queue = redq.queue(ItSupport.queueName("bad-policy"));
        String id = queue.producer().enqueue("job", new Job(1, 0));
        WorkerOptions options = WorkerOptions.builder().failurePolicy(f -> {
            throw new UnsupportedOperationException("policy bug");
        }).build();
        try (Worker w = queue.worker(options).handle("job", Job.class, (job, ctx) -> {
            throw new IllegalStateException("boom");
        }).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> queue.deadLetters().size() == 1);
        }
        assertThat(queue.deadLetters().get(id).orElseThrow().errorMessage()).isEqualTo("boom");
    }
}
