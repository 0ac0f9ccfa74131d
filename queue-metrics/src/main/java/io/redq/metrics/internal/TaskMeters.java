package io.redq.metrics.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.redq.Envelope;
import io.redq.TaskEvent;
import io.redq.metrics.RedqMetrics;
import io.redq.metrics.RedqMetricsConfig;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Why: turns a worker's task events into meters without a registry lookup per event. The meters of
 * one (queue, type, priority) are registered together the first time it is seen, so rates start
 * from zero; task types beyond the configured number share the type "other" so a producer sending
 * random types cannot grow the registry without bound.
 */
public final class TaskMeters implements Consumer<TaskEvent> {

    /** Header core puts on a task sent back from the dead-letter queue. */
    static final String HEADER_REQUEUED = "redq-requeued";

    private record Key(String queue, String type, int priority) {
    }

    private record Meters(Counter completed, Counter failed, Counter retried, Counter rescheduled,
                          Counter deadLettered, Timer success, Timer failure, Timer rescheduledRun,
                          Timer startLatency) {
    }

    private final MeterRegistry registry;
    private final Tags common;
    private final int maxTypes;
    private final LongSupplier wallClockMs;
    private final Set<String> types = ConcurrentHashMap.newKeySet();
    private final Map<Key, Meters> meters = new ConcurrentHashMap<>();

    public TaskMeters(MeterRegistry registry, Tags common, int maxTypes, LongSupplier wallClockMs) {
        this.registry = registry;
        this.common = common;
        this.maxTypes = maxTypes;
        this.wallClockMs = wallClockMs;
    }

    @Override
    public void accept(TaskEvent event) {
        Envelope e = event.envelope();
        Meters m = meters.computeIfAbsent(new Key(event.queue(), typeTag(e.type()), e.priority()), this::register);
        switch (event.kind()) {
            case SUCCEEDED -> {
                m.completed().increment();
                ran(m, m.success(), event);
            }
            case FAILED -> {
                m.failed().increment();
                ran(m, m.failure(), event);
            }
            case RESCHEDULED -> {
                m.rescheduled().increment();
                ran(m, m.rescheduledRun(), event);
            }
            case RETRY_SCHEDULED -> m.retried().increment();
            case DEAD_LETTERED -> m.deadLettered().increment();
        }
    }

    /** The handler ran: record its duration and, on a first start, the time the task waited. */
    private void ran(Meters m, Timer duration, TaskEvent event) {
        duration.record(event.elapsed());
        Envelope e = event.envelope();
        if (e.attempt() == 1 && e.deliveries() == 0 && !e.headers().containsKey(HEADER_REQUEUED)
                && e.enqueuedAt() > 0) {
            long runnableSince = e.notBefore() != null ? Math.max(e.notBefore(), e.enqueuedAt()) : e.enqueuedAt();
            long startedAt = wallClockMs.getAsLong() - event.elapsed().toMillis();
            m.startLatency().record(Math.max(0, startedAt - runnableSince), TimeUnit.MILLISECONDS);
        }
    }

    private String typeTag(String type) {
        if (types.contains(type)) {
            return type;
        }
        synchronized (types) {
            if (types.size() < maxTypes) {
                types.add(type);
                return type;
            }
        }
        return RedqMetricsConfig.OTHER_TYPE;
    }

    private Meters register(Key key) {
        Tags tags = common.and(RedqMetrics.TAG_QUEUE, key.queue(), RedqMetrics.TAG_TYPE, key.type(),
                RedqMetrics.TAG_PRIORITY, String.valueOf(key.priority()));
        return new Meters(
                counter(RedqMetrics.TASKS_COMPLETED, tags, "tasks that succeeded and were acknowledged"),
                counter(RedqMetrics.TASKS_FAILED, tags, "failed attempts"),
                counter(RedqMetrics.TASKS_RETRIED, tags, "retries scheduled after a failed attempt"),
                counter(RedqMetrics.TASKS_RESCHEDULED, tags, "tasks rescheduled without spending an attempt"),
                counter(RedqMetrics.TASKS_DEAD_LETTERED, tags, "tasks moved to the dead-letter queue"),
                duration(tags, "success"), duration(tags, "failure"), duration(tags, "rescheduled"),
                Timer.builder(RedqMetrics.TASK_START_LATENCY).tags(tags)
                        .description("enqueue (or due time) to the start of the first attempt; JVM clocks, approximate")
                        .register(registry));
    }

    private Counter counter(String name, Tags tags, String description) {
        return Counter.builder(name).tags(tags).description(description).baseUnit("tasks").register(registry);
    }

    private Timer duration(Tags tags, String outcome) {
        return Timer.builder(RedqMetrics.TASK_DURATION).tags(tags).tag(RedqMetrics.TAG_OUTCOME, outcome)
                .description("how long handlers ran").register(registry);
    }
}
