package io.redq;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Puts tasks on one queue. Thread-safe; share one instance.
 *
 * <p>An enqueue that returns has been written to Redis; an enqueue that cannot be written
 * throws, it never drops a task silently. Bad arguments fail with {@link IllegalArgumentException}
 * naming the argument, before anything is written.
 *
 * @since 0.1
 */
public interface Producer {

    /**
     * Enqueues one task.
     *
     * @param type    the task type a handler is registered under; not blank
     * @param payload the payload, serialized to JSON; not null
     * @return the new task id
     * @throws IllegalArgumentException if type is blank, payload is null or too large
     * @throws QueueUnavailableException if Redis cannot be reached or refused the write
     */
    String enqueue(String type, Object payload);

    /**
     * Enqueues one task described by a {@link TaskRequest}.
     *
     * @return the new task id, or empty if the request carries a unique key that is already held
     * @throws IllegalArgumentException if the request is invalid
     * @throws QueueUnavailableException if Redis cannot be reached or refused the write
     */
    Optional<String> enqueue(TaskRequest request);

    /**
     * Enqueues many tasks of one type in one Redis round trip. Either all are written or, on error,
     * an exception is thrown (a single LPUSH is atomic).
     *
     * @return the new task ids in the order of {@code payloads}
     * @throws IllegalArgumentException if type is blank, the collection is null or empty, or any payload
     *                                  is null or too large (nothing is written then)
     * @throws QueueUnavailableException if Redis cannot be reached or refused the write
     */
    List<String> enqueueAll(String type, Collection<?> payloads);

    /**
     * As {@link #enqueueAll(String, Collection)}, on one priority level.
     *
     * @param priority a level the queue declares (0 is the most urgent)
     * @throws IllegalArgumentException if the priority is outside the declared levels (naming the
     *                                  value and the range), or as for enqueueAll
     */
    List<String> enqueueAll(String type, Collection<?> payloads, int priority);

    /**
     * Enqueues a task unless another task with the same unique key is still queued, running or
     * waiting for a retry. The key is released when the task succeeds or is dead-lettered, and in
     * any case after the unique-key time-to-live.
     *
     * @return the new task id, or empty if a task holding {@code uniqueKey} already exists
     * @throws IllegalArgumentException if an argument is invalid
     * @throws QueueUnavailableException if Redis cannot be reached or refused the write
     */
    default Optional<String> enqueueUnique(String type, Object payload, String uniqueKey) {
        return enqueue(TaskRequest.of(type, payload).uniqueKey(uniqueKey));
    }

    /**
     * A producer of the same queue whose every write waits until {@code replicas} replicas of the
     * Redis master have it (Redis {@code WAIT} on the same connection, batched with the write). With
     * asynchronous replication a failover loses what the master acknowledged but had not yet sent to
     * a replica; a durable enqueue that returned has reached {@code replicas} replicas, so a failover
     * to one of them keeps it. If fewer confirm within {@code timeout}, the call throws
     * {@link QueueUnavailableException}: the task is then on the master all the same (and runs unless
     * the master fails before replicating it), so retry with a unique key to avoid a duplicate.
     *
     * <p>It costs one round trip plus the replication delay per call (per batch for
     * {@code enqueueAll} and for concurrent callers, who share one {@code WAIT}). Workers do not use
     * it: a lost acknowledgement only makes a task run again.
     *
     * @param replicas how many replicas must confirm, 1 to 100
     * @param timeout  how long to wait for them, 1 ms to 1 minute
     * @return a durable producer; this one is unchanged
     * @throws IllegalArgumentException if an argument is out of range
     */
    Producer durable(int replicas, java.time.Duration timeout);
}
