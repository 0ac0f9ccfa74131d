/**
 * The public API of redq: the task {@link io.redq.Envelope}, {@link io.redq.TaskHandler},
 * {@link io.redq.Producer}, {@link io.redq.Worker} and its {@link io.redq.WorkerOptions},
 * the {@link io.redq.DeadLetterQueue} and {@link io.redq.QueueStats}.
 *
 * <p>This module depends on the JDK only. The Redis implementation lives in {@code queue-core},
 * whose entry point {@code io.redq.core.RedQ} hands out {@link io.redq.TaskQueue} instances.
 *
 * @since 0.1
 */
package io.redq;
