package io.redq.core.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.redq.DeadLetter;
import io.redq.DeadLetterFilter;
import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.core.DeadLetterRetention;
import io.redq.core.RedQ;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import io.redq.WorkerOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RScript;
import org.redisson.client.codec.StringCodec;

@RedisTest
class DeadLetterQueueIT {

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
    void failedTasksAreListedNewestFirstAndCanBeInspectedRequeuedDeletedAndPurged() {
        TaskQueue queue = redq.queue(ItSupport.queueName("dlq"));
        List<String> ids = ItSupport.enqueueJobs(queue, 30, 0);
        Set<String> succeeded = ConcurrentHashMap.newKeySet();
        Set<String> healed = ConcurrentHashMap.newKeySet();
        try (Worker w = queue.worker().handle("job", Job.class, (job, ctx) -> {
            if (!healed.contains(ctx.taskId())) {
                throw new IllegalStateException("downstream refused job " + job.n());
            }
            succeeded.add(ctx.taskId());
        }).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> queue.deadLetters().size() == 30);

            DeadLetter one = queue.deadLetters().get(ids.get(3)).orElseThrow();
            assertThat(one.reason()).isEqualTo("failed");
            assertThat(one.errorClass()).isEqualTo(IllegalStateException.class.getName());
            assertThat(one.errorMessage()).isEqualTo("downstream refused job 3");
            assertThat(one.stackHead()).startsWith("java.lang.IllegalStateException: downstream refused job 3")
                    .contains("\tat ");
            assertThat(one.attempts()).isEqualTo(1);
            assertThat(one.failedAt()).isPositive();
            assertThat(one.envelope().lastError().message()).isEqualTo("downstream refused job 3");

            List<DeadLetter> page1 = queue.deadLetters().list(0, 20);
            List<DeadLetter> page2 = queue.deadLetters().list(20, 20);
            assertThat(page1).hasSize(20);
            assertThat(page2).hasSize(10);
            assertThat(page1).extracting(DeadLetter::failedAt).isSortedAccordingTo((a, b) -> Long.compare(b, a));
            assertThat(page1.get(19).failedAt()).isGreaterThanOrEqualTo(page2.get(0).failedAt());

            healed.add(ids.get(3));
            assertThat(queue.deadLetters().requeue(ids.get(3))).isTrue();
            assertThat(queue.deadLetters().requeue(ids.get(3))).as("already requeued").isFalse();
            await().atMost(Duration.ofSeconds(10)).until(() -> succeeded.contains(ids.get(3)));

            assertThat(queue.deadLetters().delete(ids.get(4))).isTrue();
            assertThat(queue.deadLetters().delete(ids.get(4))).isFalse();
            assertThat(queue.deadLetters().get(ids.get(4))).isEmpty();

            healed.addAll(ids.subList(0, 10));
            // the 8 healed ones still dead (0-2, 5-9) succeed; the other 20 fail again
            assertThat(queue.deadLetters().requeueAll()).isEqualTo(28);
            await().atMost(Duration.ofSeconds(10)).until(() -> succeeded.size() == 9
                    && queue.deadLetters().size() == 20);
        }
        DeadLetter again = queue.deadLetters().get(ids.get(20)).orElseThrow();
        assertThat(again.envelope().headers()).containsEntry("redq-requeued", "1");
        assertThat(again.envelope().headers().get("redq-last-death"))
                .startsWith("failed after 1 attempt(s): java.lang.IllegalStateException");
        assertThat(queue.deadLetters().purge()).isEqualTo(20);
        assertThat(queue.deadLetters().size()).isZero();
        assertThat(queue.stats().pending()).isZero();
    }

    @Test
    void badArgumentsAreRefused() {
        TaskQueue queue = redq.queue(ItSupport.queueName("dlq-args"));
        assertThatThrownBy(() -> queue.deadLetters().list(-1, 10)).hasMessageContaining("offset");
        assertThatThrownBy(() -> queue.deadLetters().list(0, 0)).hasMessageContaining("limit");
        assertThatThrownBy(() -> queue.deadLetters().list(0, 1001)).hasMessageContaining("limit");
        assertThatThrownBy(() -> queue.deadLetters().get(" ")).hasMessageContaining("taskId");
        assertThat(queue.deadLetters().get("nope")).isEmpty();
        assertThat(queue.deadLetters().requeue("nope")).isFalse();
        assertThat(queue.deadLetters().requeueAll()).isZero();
        assertThat(queue.deadLetters().purge()).isZero();
    }

    @Test
    void listAndRequeueByTypeAndErrorClass() {
        TaskQueue queue = redq.queue(ItSupport.queueName("dlq-filter"));
        List<String> emails = queue.producer().enqueueAll("email", ItSupport.jobs(12, 0));
        List<String> reports = queue.producer().enqueueAll("report", ItSupport.jobs(8, 0));
        Set<String> healed = ConcurrentHashMap.newKeySet();
        Set<String> done = ConcurrentHashMap.newKeySet();
        Worker w = queue.worker()
                .handle("email", Job.class, (job, ctx) -> {
                    if (!healed.contains(ctx.taskId())) {
                        throw job.n() % 2 == 0 ? new IOException("smtp down") : new IllegalStateException("bad");
                    }
                    done.add(ctx.taskId());
                })
                .handle("report", Job.class, (job, ctx) -> {
                    throw new IOException("disk full");
                });
        try (w) {
            w.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> queue.deadLetters().size() == 20);
            DeadLetterFilter emailIo = DeadLetterFilter.all().type("email").errorClass("java.io.IOException");
            List<DeadLetter> page = queue.deadLetters().list(emailIo, 0, 4);
            assertThat(page).hasSize(4).allMatch(d -> d.envelope().type().equals("email")
                    && d.errorClass().equals("java.io.IOException"));
            assertThat(queue.deadLetters().list(emailIo, 4, 10)).hasSize(2)
                    .noneMatch(d -> page.stream().anyMatch(p -> p.taskId().equals(d.taskId())));
            assertThat(queue.deadLetters().list(DeadLetterFilter.all().type("report"), 0, 100))
                    .extracting(DeadLetter::taskId).containsExactlyInAnyOrderElementsOf(reports);
            assertThat(queue.deadLetters().list(DeadLetterFilter.all().reason("no such reason"), 0, 10)).isEmpty();

            healed.addAll(emails);
            assertThat(queue.deadLetters().requeueAll(emailIo)).isEqualTo(6);
            await().atMost(Duration.ofSeconds(10)).until(() -> done.size() == 6);
        }
        assertThat(queue.deadLetters().size()).isEqualTo(14);
        assertThat(queue.deadLetters().list(DeadLetterFilter.all().type("email"), 0, 100))
                .allMatch(d -> d.errorClass().equals(IllegalStateException.class.getName()));
    }

    @Test
    void retentionKeepsTheNewestRecordsAndDropsOldOnes() {
        try (RedQ capped = RedQ.builder().url(redis.url())
                .deadLetterRetention(DeadLetterRetention.of(10, Duration.ofMillis(600))).build()) {
            TaskQueue queue = capped.queue(ItSupport.queueName("dlq-retention"));
            List<String> ids = ItSupport.enqueueJobs(queue, 25, 0);
            String last;
            try (Worker w = queue.worker(WorkerOptions.builder().concurrency(1).build())
                    .handle("job", Job.class, (job, ctx) -> {
                        throw new IllegalStateException("no");
                    }).start()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> queue.stats().pending() == 0);
                assertThat(queue.deadLetters().size()).isEqualTo(10);
                assertThat(queue.deadLetters().list(0, 100)).extracting(DeadLetter::taskId)
                        .containsExactlyInAnyOrderElementsOf(ids.subList(15, 25));
                long newest = queue.deadLetters().list(0, 1).get(0).failedAt();
                await().atMost(Duration.ofSeconds(5)).until(() -> serverMillis(capped) > newest + 600);
                last = queue.producer().enqueue("job", new Job(99, 0));
                await().atMost(Duration.ofSeconds(5)).until(() -> queue.deadLetters().get(last).isPresent());
            }
            assertThat(queue.deadLetters().list(0, 100)).as("older than 600 ms: trimmed")
                    .extracting(DeadLetter::taskId).containsExactly(last);
        }
    }

    @Test
    void requeueAllOfTwentyThousandRecordsWhileWorkersConsumeLosesAndDuplicatesNothing() {
        TaskQueue queue = redq.queue(ItSupport.queueName("dlq-bulk"));
        List<String> ids = ItSupport.enqueueJobs(queue, 20_000, 0);
        AtomicBoolean healed = new AtomicBoolean();
        Map<String, Integer> runs = new ConcurrentHashMap<>();
        WorkerOptions options = WorkerOptions.builder().concurrency(32).build();
        Worker a = worker(queue, options, healed, runs);
        Worker b = worker(queue, options, healed, runs);
        try (a; b) {
            await().atMost(Duration.ofSeconds(120)).until(() -> queue.deadLetters().size() == 20_000);
            healed.set(true);
            assertThat(queue.deadLetters().requeueAll()).isEqualTo(20_000);
            await().atMost(Duration.ofSeconds(120)).until(() -> runs.size() == 20_000 && queue.stats().pending() == 0);
        }
        assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(runs.values()).allMatch(n -> n == 1);
        assertThat(queue.deadLetters().size()).isZero();
    }

    private static Worker worker(TaskQueue queue, WorkerOptions options,
                                 AtomicBoolean healed, Map<String, Integer> runs) {
        return queue.worker(options).handle("job", Job.class, (job, ctx) -> {
            if (!healed.get()) {
                throw new IllegalStateException("not yet");
            }
            runs.merge(ctx.taskId(), 1, Integer::sum);
        }).start();
    }

    private static long serverMillis(RedQ redq) {
        return redq.redisson().getScript(StringCodec.INSTANCE).eval(
                RScript.Mode.READ_ONLY,
                "local t = redis.call('TIME') return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)",
                RScript.ReturnType.LONG);
    }
}
