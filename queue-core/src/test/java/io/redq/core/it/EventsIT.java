package io.redq.core.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redq.TaskEvent;
import io.redq.TaskQueue;
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

@RedisTest
class EventsIT {

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
    void listenersHearSuccessFailureRetryAndDeadLetter() {
        TaskQueue queue = redq.queue(ItSupport.queueName("events"));
        String ok = queue.producer().enqueue("job", new Job(0, 0));
        String flaky = queue.producer().enqueue("job", new Job(1, 0));
        String doomed = queue.producer().enqueue("job", new Job(2, 0));
        List<TaskEvent> all = new CopyOnWriteArrayList<>();
        List<TaskEvent> deaths = new CopyOnWriteArrayList<>();
        WorkerOptions options = WorkerOptions.builder().failurePolicy(f -> f.envelope().attempt() < 2
                ? FailureDecision.retryAfter(Duration.ofMillis(100)) : FailureDecision.deadLetter("exhausted")).build();
        Worker w = queue.worker(options).handle("job", Job.class, (job, ctx) -> {
            if (job.n() == 2 || job.n() == 1 && ctx.attempt() == 1) {
                throw new IllegalStateException("job " + job.n() + " attempt " + ctx.attempt());
            }
        });
        w.events().onEvent(all::add).onDeadLettered(deaths::add)
                .onSuccess(e -> {
                    throw new RuntimeException("a broken listener must not hurt the task");
                });
        try (w) {
            w.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> deaths.size() == 1
                    && all.stream().filter(e -> e.kind() == TaskEvent.Kind.SUCCEEDED).count() == 2);
        }
        assertThat(kinds(all, ok)).containsExactly(TaskEvent.Kind.SUCCEEDED);
        assertThat(kinds(all, flaky)).containsExactly(TaskEvent.Kind.FAILED, TaskEvent.Kind.RETRY_SCHEDULED,
                TaskEvent.Kind.SUCCEEDED);
        assertThat(kinds(all, doomed)).containsExactly(TaskEvent.Kind.FAILED, TaskEvent.Kind.RETRY_SCHEDULED,
                TaskEvent.Kind.FAILED, TaskEvent.Kind.DEAD_LETTERED);
        TaskEvent retry = all.stream().filter(e -> e.kind() == TaskEvent.Kind.RETRY_SCHEDULED).findFirst().orElseThrow();
        assertThat(retry.retryDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(retry.error()).hasMessageContaining("attempt 1");
        assertThat(deaths.get(0).deadLetterReason()).isEqualTo("exhausted");
        assertThat(deaths.get(0).envelope().id()).isEqualTo(doomed);
        assertThat(queue.stats().dead()).isEqualTo(1);
        assertThat(queue.stats().ready() + queue.stats().active() + queue.stats().delayed()).isZero();
    }

    private static List<TaskEvent.Kind> kinds(List<TaskEvent> events, String id) {
        return events.stream().filter(e -> e.envelope().id().equals(id)).map(TaskEvent::kind).toList();
    }
}
