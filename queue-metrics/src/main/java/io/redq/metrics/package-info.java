/**
 * Micrometer meters for redq: queue depth gauges ({@link io.redq.metrics.QueueMetrics}) and task
 * counters and timers fed by a worker's events ({@link io.redq.metrics.WorkerMetrics}). Entry
 * point: {@link io.redq.metrics.RedqMetrics}. Nothing is registered until a binder is bound to a
 * {@code MeterRegistry}.
 *
 * @since 0.1
 */
package io.redq.metrics;
