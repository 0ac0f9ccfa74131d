package io.redq.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.redq.QueueStats;
import io.redq.TaskQueue;
import io.redq.metrics.internal.CachedStats;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * The gauges of one queue: {@value RedqMetrics#QUEUE_TASKS} with tag {@code state} = ready,
 * active, delayed, dead, {@value RedqMetrics#QUEUE_WORKERS}, and the function counter
 * {@value RedqMetrics#QUEUE_COMPLETED} (successful tasks, cluster-wide). All of them are read from one
 * {@link TaskQueue#stats()} call, cached for {@link RedqMetricsConfig#statsCacheTtl()}, so a scrape
 * costs Redis one read per queue at most once per second by default. While Redis cannot be reached
 * the gauges report NaN (logged once). Cluster-wide: the counts are those in Redis, whichever JVM
 * put the tasks there.
 *
 * <p>May be bound to several registries; they share the cache. Create it with
 * {@link RedqMetrics#of(TaskQueue)}.
 *
 * @since 0.1
 */
public final class QueueMetrics implements MeterBinder {

    private final TaskQueue queue;
    private final Tags tags;
    private final CachedStats stats;

    QueueMetrics(TaskQueue queue, RedqMetricsConfig config) {
        this.queue = Objects.requireNonNull(queue, "queue must not be null");
        Objects.requireNonNull(config, "config must not be null");
        this.tags = config.tags().and(RedqMetrics.TAG_QUEUE, queue.name());
        this.stats = new CachedStats(queue.name(), queue::stats, config.statsCacheTtl(), System::nanoTime);
    }

    /**
     * Registers the gauges. Binding the same registry again registers nothing new.
     *
     * @param registry the registry, not null
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry must not be null");
        tasks(registry, "ready", QueueStats::ready, "tasks waiting in the ready list(s)");
        tasks(registry, "active", QueueStats::active, "tasks held by consumers (running or about to)");
        tasks(registry, "delayed", QueueStats::delayed, "tasks waiting for their due time (retries, delayed tasks)");
        tasks(registry, "dead", QueueStats::dead, "tasks in the dead-letter queue");
        Gauge.builder(RedqMetrics.QUEUE_WORKERS, () -> stats.value(QueueStats::consumers))
                .tags(tags).description("consumers registered on the queue (live or awaiting recovery)")
                .strongReference(true).register(registry);
        FunctionCounter.builder(RedqMetrics.QUEUE_COMPLETED, stats, s -> s.value(QueueStats::completed))
                .tags(tags).description("tasks acknowledged after a successful run, by every worker of the queue")
                .baseUnit("tasks").register(registry);
    }

    private void tasks(MeterRegistry registry, String state, ToLongFunction<QueueStats> count, String description) {
        Gauge.builder(RedqMetrics.QUEUE_TASKS, () -> stats.value(count))
                .tags(tags).tag(RedqMetrics.TAG_STATE, state).description(description)
                .baseUnit("tasks").strongReference(true).register(registry);
    }

    /** The queue these gauges read. */
    public TaskQueue queue() {
        return queue;
    }
}
