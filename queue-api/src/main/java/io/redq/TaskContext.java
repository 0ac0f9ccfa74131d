package io.redq;

/**
 * What a {@link TaskHandler} may know about the task it runs.
 *
 * @since 0.1
 */
public interface TaskContext {

    /** The queue the task came from. */
    String queue();

    /** The task id (unique, time-ordered); a good idempotency key. */
    default String taskId() {
        return envelope().id();
    }

    /** The attempt number, starting at 1. */
    default int attempt() {
        return envelope().attempt();
    }

    /** The full envelope as it was fetched. */
    Envelope envelope();
}
