package io.redq.core.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.redq.DeadLetter;
import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.core.RedQ;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RedisTest
class DeadLetterQueueIT {

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
}
