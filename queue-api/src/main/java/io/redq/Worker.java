package io.redq;

import java.time.Duration;

/**
 * Takes tasks from one queue and runs their handlers, {@link WorkerOptions#concurrency()} at a time.
 *
 * <p>Register handlers, then {@link #start()}. A task moves from the ready list into this
 * worker's own active list in one atomic step and leaves it only when acknowledged (after success)
 * or when the failure policy has put it somewhere else. While the worker lives it renews a lease;
 * if it dies, any other worker of the queue returns its tasks to the ready list.
 *
 * <p>Closing the worker is a graceful stop with {@link WorkerOptions#shutdownDeadline()}.
 *
 * @since 0.1
 */
public interface Worker extends AutoCloseable {

    /**
     * Registers the handler for one task type. Must be called before {@link #start()}.
     *
     * @param type        task type, not blank
     * @param payloadType the Java type the JSON payload is bound to, not null
     * @param handler     the handler, not null
     * @return this worker
     * @throws IllegalArgumentException if an argument is invalid or a handler for the type exists
     * @throws IllegalStateException if the worker was already started
     */
    <T> Worker handle(String type, Class<T> payloadType, TaskHandler<T> handler);

    /**
     * Registers the consumer lease and starts fetching.
     *
     * @return this worker
     * @throws IllegalStateException if already started, or if no handler is registered
     */
    Worker start();

    /**
     * Stops gracefully: stop fetching, let tasks in flight finish until {@code deadline}, put the
     * tasks that did not finish back at the front of the ready list, and release the lease.
     * Blocks until done, also when another thread (the JVM's shutdown hook, say) is stopping the
     * worker already: after it returns the worker is stopped and a caller may close its Redis client.
     * Calling it again or on a worker never started does nothing.
     *
     * @param deadline how long tasks in flight may still run, not negative
     */
    void stop(Duration deadline);

    /** Stops with {@link WorkerOptions#shutdownDeadline()}. */
    @Override
    void close();

    /** Where to register listeners for this worker's task events. */
    WorkerEvents events();

    /** The current life-cycle state. */
    WorkerState state();

    /** The consumer id this worker holds its lease and active list under. */
    String consumerId();
}
