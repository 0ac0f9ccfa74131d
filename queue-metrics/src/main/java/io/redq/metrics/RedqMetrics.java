package io.redq.metrics;

import io.redq.TaskQueue;
import io.redq.Worker;

/**
 * Entry point of the metrics module, in the style of Micrometer's binders:
 *
 * <pre>{@code
 * MeterRegistry registry = ...;
 * RedqMetrics.of(queue).bindTo(registry);      // ready / active / delayed / dead, workers
 * Worker worker = queue.worker().handle(...);
 * RedqMetrics.monitor(worker).bindTo(registry); // counters and timers from the worker's events
 * worker.start();
 * }</pre>
 *
 * <p>Nothing is registered and no listener is added until {@code bindTo} is called, so an
 * application that does not bind pays nothing. The meter names are the constants below; every
 * meter has the tag {@value #TAG_QUEUE}, task meters also {@value #TAG_TYPE} and
 * {@value #TAG_PRIORITY} (see {@code docs/operations-tools.md}).
 *
 * @since 0.1
 */
public final class RedqMetrics {

    /** Gauge: tasks of a queue in one place; tag {@value #TAG_STATE} is ready, active, delayed or dead. */
    public static final String QUEUE_TASKS = "redq.queue.tasks";
    /** Gauge: consumers registered on a queue (live, or dead and awaiting recovery). */
    public static final String QUEUE_WORKERS = "redq.queue.workers";
    /**
     * Function counter: tasks of a queue acknowledged after a successful run, by every worker in
     * every JVM (the queue's completed counter in Redis, {@code QueueStats.completed()}).
     */
    public static final String QUEUE_COMPLETED = "redq.queue.completed";
    /** Counter: tasks that succeeded and were acknowledged. */
    public static final String TASKS_COMPLETED = "redq.tasks.completed";
    /** Counter: failed attempts (each is followed by a retry or a dead-letter). */
    public static final String TASKS_FAILED = "redq.tasks.failed";
    /** Counter: retries scheduled after a failed attempt. */
    public static final String TASKS_RETRIED = "redq.tasks.retried";
    /** Counter: tasks put back in the delayed set without spending an attempt. */
    public static final String TASKS_RESCHEDULED = "redq.tasks.rescheduled";
    /** Counter: tasks moved to the dead-letter queue (by the worker or its crash recovery). */
    public static final String TASKS_DEAD_LETTERED = "redq.tasks.dead.lettered";
    /** Timer: how long handlers ran; tag {@value #TAG_OUTCOME} is success, failure or rescheduled. */
    public static final String TASK_DURATION = "redq.task.duration";
    /** Timer: from enqueue (or due time) to the start of the first attempt; approximate, see the docs. */
    public static final String TASK_START_LATENCY = "redq.task.start.latency";

    /** Tag: the queue name. */
    public static final String TAG_QUEUE = "queue";
    /** Tag: where the tasks are (ready, active, delayed, dead). */
    public static final String TAG_STATE = "state";
    /** Tag: the task type. */
    public static final String TAG_TYPE = "type";
    /** Tag: the priority level, "0" on a queue without priorities. */
    public static final String TAG_PRIORITY = "priority";
    /** Tag: how the handler ended. */
    public static final String TAG_OUTCOME = "outcome";

    private RedqMetrics() {
    }

    /**
     * Gauges of one queue with the default settings.
     *
     * @param queue the queue, not null
     * @return a binder; nothing is registered until {@link QueueMetrics#bindTo} is called
     * @throws NullPointerException if queue is null
     */
    public static QueueMetrics of(TaskQueue queue) {
        return of(queue, RedqMetricsConfig.ofDefaults());
    }

    /**
     * Gauges of one queue.
     *
     * @param queue  the queue, not null
     * @param config the settings, not null
     * @return a binder; nothing is registered until {@link QueueMetrics#bindTo} is called
     * @throws NullPointerException if an argument is null
     */
    public static QueueMetrics of(TaskQueue queue, RedqMetricsConfig config) {
        return new QueueMetrics(queue, config);
    }

    /**
     * Counters and timers fed by one worker's events, with the default settings.
     *
     * @param worker the worker, not null; it may be bound before or after it starts
     * @return a binder; no listener is added until {@link WorkerMetrics#bindTo} is called
     * @throws NullPointerException if worker is null
     */
    public static WorkerMetrics monitor(Worker worker) {
        return monitor(worker, RedqMetricsConfig.ofDefaults());
    }

    /**
     * Counters and timers fed by one worker's events.
     *
     * @param worker the worker, not null
     * @param config the settings, not null
     * @return a binder; no listener is added until {@link WorkerMetrics#bindTo} is called
     * @throws NullPointerException if an argument is null
     */
    public static WorkerMetrics monitor(Worker worker, RedqMetricsConfig config) {
        return new WorkerMetrics(worker, config);
    }
}
