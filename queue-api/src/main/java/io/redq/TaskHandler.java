package io.redq;

/**
 * Runs one task. Registered on a {@link Worker} for one task type and one payload type.
 *
 * <p>A handler that returns normally acknowledges the task: it leaves Redis for good. A handler
 * that throws hands the task to the queue's failure policy (by default: the dead-letter queue).
 * Because delivery is at-least-once, a handler may see the same task again after a worker crash;
 * make side effects idempotent, e.g. keyed by {@link TaskContext#taskId()}.
 *
 * @param <T> the payload type the JSON payload is bound to
 * @since 0.1
 */
@FunctionalInterface
public interface TaskHandler<T> {

    /**
     * Handles one task.
     *
     * @param payload the bound payload; null only if the JSON payload was {@code null}
     * @param context the envelope and delivery facts of this task, never null
     * @throws Exception to fail this attempt
     */
    void handle(T payload, TaskContext context) throws Exception;
}
