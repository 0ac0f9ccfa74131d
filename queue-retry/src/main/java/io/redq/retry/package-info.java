/**
 * Retry policies for redq: {@link io.redq.retry.RetryPolicy} plugs into
 * {@link io.redq.WorkerOptions.Builder#failurePolicy(io.redq.spi.FailurePolicy)} and decides, per
 * failed attempt, whether a task runs again after a backoff delay or goes to the dead-letter queue.
 *
 * <p>Delays are computed by Resilience4j's {@code IntervalFunction}; the core executes the decision
 * in one Redis step (retry: active list to delayed set; dead-letter: active list to the
 * dead-letter queue).
 *
 * @since 0.1
 */
package io.redq.retry;
