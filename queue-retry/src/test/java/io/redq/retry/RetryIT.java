package io.redq.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redq.DeadLetter;
import io.redq.NonRetryableException;
import io.redq.QueueStats;
import io.redq.TaskError;
import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import io.redq.spi.FailurePolicy;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link RetryPolicy} on a real worker and Redis: backoff timing, abort, exhaustion, per-type policies. */
@RedisTest
class RetryIT {

    private static final Logger log = LoggerFactory.getLogger(RetryIT.class);
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Clock granularity between the JVM and Redis server time; no attempt may start earlier than this. */
    private static final long EARLY_MS = 5;
    /** Scheduling slack allowed on the late side: promotion, fetch and thread hand-off. */
    private static final long LATE_MS = 300;

    /** One client for the class (each test uses its own queue): closing Redisson takes seconds. */
    private static RedQ redq;

    @BeforeAll
    static void connect(RedisEndpoint redis) {
        redq = RedQ.connect(redis.url());
    }

    @AfterAll
    static void close() {
        redq.close();
    }

    private static boolean settled(QueueStats s) {
        return s.ready() == 0 && s.active() == 0 && s.delayed() == 0;
    }

    /** A 1 s fetch timeout makes each worker stop within a second (sub-second ones block: see the report). */
    private static WorkerOptions options(FailurePolicy policy) {
        return WorkerOptions.builder().failurePolicy(policy).fetchTimeout(Duration.ofSeconds(1)).build();
    }

    @Test
    void aTaskThatFailsTwiceCompletesOnAttemptThreeAfterBackoffDelaysWithinTheJitterBand() {
        RetryPolicy policy = RetryPolicy.custom().maxAttempts(5)
                .exponentialBackoff(Duration.ofMillis(200), 2.0, Duration.ofSeconds(10)).jitter(0.2).build();
        TaskQueue queue = redq.queue(Attempts.queueName("flaky"));
        queue.producer().enqueue("job", new Job(1));
        Attempts a = new Attempts();
        AtomicReference<TaskError> lastErrorSeen = new AtomicReference<>();
        try (Worker w = queue.worker(options(a.recording(policy))).handle("job", Job.class, (job, ctx) -> {
            a.started(ctx.attempt());
            if (ctx.attempt() < 3) {
                throw new IOException("flaky #" + ctx.attempt());
            }
            lastErrorSeen.set(ctx.envelope().lastError());
        }).start()) {
            await().atMost(WAIT).until(() -> lastErrorSeen.get() != null && settled(queue.stats()));
        }
        assertThat(a.numbers).containsExactly(1, 2, 3);
        assertThat(lastErrorSeen.get()).isEqualTo(new TaskError(IOException.class.getName(), "flaky #2"));
        assertThat(queue.deadLetters().size()).isZero();
        assertThat(a.decisions).hasSize(2);
        for (int i = 0; i < 2; i++) {
            long base = 200L << i;
            long delay = a.decisions.get(i).decision().retryDelay().toMillis();
            log.info("Retry {}: base {} ms, drawn delay {} ms, decision to next start {} ms, gap {} ms", i + 1, base,
                    delay, a.decisionToNextStartMs(i), a.gapMs(i));
            assertThat(delay).as("delay after attempt %d", i + 1).isBetween(base * 8 / 10, base * 12 / 10);
            assertThat(a.decisionToNextStartMs(i)).as("decision %d to next start", i + 1)
                    .isGreaterThanOrEqualTo(delay - EARLY_MS).isLessThanOrEqualTo(delay + LATE_MS);
            assertThat(a.gapMs(i)).as("gap between attempts %d and %d", i + 1, i + 2)
                    .isGreaterThanOrEqualTo(base * 8 / 10 - EARLY_MS).isLessThanOrEqualTo(base * 12 / 10 + LATE_MS);
        }
    }

    @Test
    void anAbortOnTypeIsDeadLetteredAtOnceAfterOneAttempt() {
        RetryPolicy policy = RetryPolicy.custom().maxAttempts(5).fixedBackoff(Duration.ofMillis(50))
                .abortOn(IllegalArgumentException.class).build();
        DeadLetter dead = runFailing(policy, new IllegalArgumentException("no such customer"), 1);
        assertThat(dead.reason()).isEqualTo("aborted");
        assertThat(dead.attempts()).isEqualTo(1);
        assertThat(dead.errorClass()).isEqualTo(IllegalArgumentException.class.getName());
    }

    @Test
    void aNonRetryableExceptionIsDeadLetteredAtOnceAfterOneAttempt() {
        RetryPolicy policy = RetryPolicy.custom().maxAttempts(5).fixedBackoff(Duration.ofMillis(50))
                .retryOn(Throwable.class).build();
        DeadLetter dead = runFailing(policy, new NonRetryableException("account closed"), 1);
        assertThat(dead.reason()).isEqualTo("aborted");
        assertThat(dead.attempts()).isEqualTo(1);
        assertThat(dead.errorMessage()).isEqualTo("account closed");
    }

    @Test
    void anExhaustedTaskIsDeadLetteredWithEveryRecordFieldFilled() {
        RetryPolicy policy = RetryPolicy.custom().maxAttempts(3).fixedBackoff(Duration.ofMillis(50)).jitter(0).build();
        long before = System.currentTimeMillis();
        DeadLetter dead = runFailing(policy, null, 3);
        assertThat(dead.reason()).isEqualTo("exhausted");
        assertThat(dead.attempts()).isEqualTo(3);
        assertThat(dead.errorClass()).isEqualTo(IllegalStateException.class.getName());
        assertThat(dead.errorMessage()).isEqualTo("still down #3");
        assertThat(dead.stackHead()).startsWith("java.lang.IllegalStateException: still down #3").contains("\tat ");
        assertThat(dead.failedAt()).isBetween(before - 1_000, System.currentTimeMillis() + 1_000);
        assertThat(dead.envelope().attempt()).isEqualTo(3);
        assertThat(dead.envelope().type()).isEqualTo("job");
        assertThat(dead.envelope().payload()).contains("\"n\":1");
        assertThat(dead.envelope().lastError())
                .isEqualTo(new TaskError(IllegalStateException.class.getName(), "still down #3"));
    }

    /**
     * Runs one task whose handler always throws {@code error} (or "still down #attempt" when null)
     * until it is dead-lettered; checks it ran {@code attempts} times and nothing is left queued.
     */
    private DeadLetter runFailing(FailurePolicy policy, RuntimeException error, int attempts) {
        TaskQueue queue = redq.queue(Attempts.queueName("failing"));
        String id = queue.producer().enqueue("job", new Job(1));
        Attempts a = new Attempts();
        try (Worker w = queue.worker(options(a.recording(policy))).handle("job", Job.class, (job, ctx) -> {
            a.started(ctx.attempt());
            throw error != null ? error : new IllegalStateException("still down #" + ctx.attempt());
        }).start()) {
            await().atMost(WAIT).until(() -> queue.deadLetters().size() == 1);
        }
        assertThat(a.numbers).hasSize(attempts);
        assertThat(a.decisions).hasSize(attempts);
        assertThat(a.decisions.subList(0, attempts - 1)).allMatch(d -> d.decision().isRetry());
        assertThat(settled(queue.stats())).as("nothing left queued: %s", queue.stats()).isTrue();
        return queue.deadLetters().get(id).orElseThrow();
    }

    @Test
    void perTypePoliciesRetryOneTypeAndDeadLetterAnotherAtOnce() {
        RetryPolicy retry = RetryPolicy.custom().maxAttempts(3).fixedBackoff(Duration.ofMillis(50)).jitter(0).build();
        FailurePolicy policy = FailurePolicy.byType(Map.of("email", retry), FailurePolicy.deadLetter());
        TaskQueue queue = redq.queue(Attempts.queueName("by-type"));
        queue.producer().enqueue("email", new Job(1));
        String report = queue.producer().enqueue("report", new Job(2));
        Attempts emails = new Attempts();
        Attempts reports = new Attempts();
        AtomicReference<Integer> emailSentOn = new AtomicReference<>();
        try (Worker w = queue.worker(options(policy)).handle("email", Job.class, (job, ctx) -> {
            emails.started(ctx.attempt());
            if (ctx.attempt() == 1) {
                throw new IOException("smtp timeout");
            }
            emailSentOn.set(ctx.attempt());
        }).handle("report", Job.class, (job, ctx) -> {
            reports.started(ctx.attempt());
            throw new IOException("disk full");
        }).start()) {
            await().atMost(WAIT).until(() -> emailSentOn.get() != null && queue.deadLetters().size() == 1
                    && settled(queue.stats()));
        }
        assertThat(emails.numbers).containsExactly(1, 2);
        assertThat(reports.numbers).containsExactly(1);
        DeadLetter dead = queue.deadLetters().get(report).orElseThrow();
        assertThat(dead.reason()).isEqualTo("failed");
        assertThat(dead.attempts()).isEqualTo(1);
    }
}
