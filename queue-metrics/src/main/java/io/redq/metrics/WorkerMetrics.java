package io.redq.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.redq.Worker;
import io.redq.metrics.internal.TaskMeters;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;

/**
 * Counters and timers fed by one worker's {@link io.redq.TaskEvent}s: completed, failed, retried,
 * rescheduled and dead-lettered tasks, handler duration and enqueue-to-start latency, tagged by
 * queue, task type and priority level. They count what <em>this</em> worker did; sum over the
 * {@code queue} tag (and over instances) for the whole queue.
 *
 * <p>Binding adds one listener to the worker (the worker offers no way to remove it; it lives as
 * long as the worker). The listener runs on the worker's threads and only increments meters it
 * looked up once per task type and priority. Binding the same registry twice adds nothing. Create
 * it with {@link RedqMetrics#monitor(Worker)}.
 *
 * @since 0.1
 */
public final class WorkerMetrics implements MeterBinder {

    private final Worker worker;
    private final RedqMetricsConfig config;
    private final Set<MeterRegistry> bound = Collections.newSetFromMap(new IdentityHashMap<>());

    WorkerMetrics(Worker worker, RedqMetricsConfig config) {
        this.worker = Objects.requireNonNull(worker, "worker must not be null");
        this.config = Objects.requireNonNull(config, "config must not be null");
    }

    /**
     * Starts recording this worker's events in the registry.
     *
     * @param registry the registry, not null
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry must not be null");
        synchronized (bound) {
            if (!bound.add(registry)) {
                return;
            }
        }
        worker.events().onEvent(new TaskMeters(registry, config.tags(), config.maxTaskTypes(),
                System::currentTimeMillis));
    }

    /** The worker whose events are recorded. */
    public Worker worker() {
        return worker;
    }
}
