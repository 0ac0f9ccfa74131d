package io.redq.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.redq.Envelope;
import io.redq.TaskEvent;
import io.redq.metrics.RedqMetrics;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TaskMetersTest {

    private static final long NOW = 1_000_000L;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TaskMeters meters = new TaskMeters(registry, Tags.of("app", "test"), 2, () -> NOW);

    private static Envelope.Builder envelope(String type) {
        return Envelope.builder().id("id-" + type).type(type).payload("{}").enqueuedAt(NOW - 500);
    }

    private static TaskEvent event(TaskEvent.Kind kind, Envelope e, long elapsedMs) {
        return new TaskEvent(kind, "q", e, kind == TaskEvent.Kind.SUCCEEDED ? null : new RuntimeException("x"),
                Duration.ofMillis(elapsedMs), null, null);
    }

    @Test
    void eachKindMovesItsMeterWithQueueTypeAndPriorityTags() {
        Envelope e = envelope("a").priority(2).build();
        meters.accept(event(TaskEvent.Kind.FAILED, e, 10));
        meters.accept(event(TaskEvent.Kind.RETRY_SCHEDULED, e, 10));
        meters.accept(event(TaskEvent.Kind.SUCCEEDED, e.toBuilder().attempt(2).build(), 20));
        meters.accept(event(TaskEvent.Kind.RESCHEDULED, e, 5));
        meters.accept(event(TaskEvent.Kind.DEAD_LETTERED, e, 0));
        Tags tags = Tags.of("app", "test", "queue", "q", "type", "a", "priority", "2");
        for (String name : new String[] {RedqMetrics.TASKS_COMPLETED, RedqMetrics.TASKS_FAILED,
                RedqMetrics.TASKS_RETRIED, RedqMetrics.TASKS_RESCHEDULED, RedqMetrics.TASKS_DEAD_LETTERED}) {
            assertThat(registry.get(name).tags(tags).counter().count()).as(name).isEqualTo(1);
        }
        Timer success = registry.get(RedqMetrics.TASK_DURATION).tags(tags).tag("outcome", "success").timer();
        assertThat(success.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(20);
        assertThat(registry.get(RedqMetrics.TASK_DURATION).tags(tags).tag("outcome", "failure").timer().count())
                .isEqualTo(1);
    }

    @Test
    void startLatencyIsNowMinusElapsedMinusEnqueueOnFirstStartsOnly() {
        meters.accept(event(TaskEvent.Kind.SUCCEEDED, envelope("a").build(), 100));
        Timer latency = registry.get(RedqMetrics.TASK_START_LATENCY).tag("type", "a").timer();
        assertThat(latency.count()).isEqualTo(1);
        assertThat(latency.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(400);

        meters.accept(event(TaskEvent.Kind.SUCCEEDED, envelope("a").attempt(2).build(), 1));
        meters.accept(event(TaskEvent.Kind.SUCCEEDED, envelope("a").deliveries(1).build(), 1));
        meters.accept(event(TaskEvent.Kind.SUCCEEDED, envelope("a").header("redq-requeued", "1").build(), 1));
        meters.accept(event(TaskEvent.Kind.DEAD_LETTERED, envelope("a").build(), 0));
        assertThat(latency.count()).isEqualTo(1);
    }

    @Test
    void delayedTasksWaitFromTheirDueTimeAndClockSkewNeverGoesNegative() {
        meters.accept(event(TaskEvent.Kind.SUCCEEDED, envelope("a").notBefore(NOW - 50).build(), 0));
        meters.accept(event(TaskEvent.Kind.SUCCEEDED, envelope("b").enqueuedAt(NOW + 5_000).build(), 0));
        assertThat(registry.get(RedqMetrics.TASK_START_LATENCY).tag("type", "a").timer()
                .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(50);
        Timer skewed = registry.get(RedqMetrics.TASK_START_LATENCY).tag("type", "b").timer();
        assertThat(skewed.count()).isEqualTo(1);
        assertThat(skewed.totalTime(TimeUnit.MILLISECONDS)).isZero();
    }

    @Test
    void typesBeyondTheLimitShareTheTagOther() {
        meters.accept(event(TaskEvent.Kind.SUCCEEDED, envelope("a").build(), 0));
        meters.accept(event(TaskEvent.Kind.SUCCEEDED, envelope("b").build(), 0));
        meters.accept(event(TaskEvent.Kind.SUCCEEDED, envelope("c").build(), 0));
        meters.accept(event(TaskEvent.Kind.SUCCEEDED, envelope("d").build(), 0));
        meters.accept(event(TaskEvent.Kind.SUCCEEDED, envelope("a").build(), 0));
        assertThat(registry.get(RedqMetrics.TASKS_COMPLETED).tag("type", "a").counter().count()).isEqualTo(2);
        assertThat(registry.get(RedqMetrics.TASKS_COMPLETED).tag("type", "other").counter().count()).isEqualTo(2);
        assertThat(registry.find(RedqMetrics.TASKS_COMPLETED).counters()).hasSize(3);
    }
}
