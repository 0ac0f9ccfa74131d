package io.redq;

import java.util.function.Consumer;

/**
 * Registers listeners for a worker's {@link TaskEvent}s, in the style of Resilience4j's event
 * publishers: {@code worker.events().onDeadLettered(e -> alert(e))}. Listeners run on a worker
 * thread (the handler's, or the thread that writes acknowledgements in batches) right after the
 * task's Redis move; keep them fast. A listener that throws is logged and
 * does not affect the task. Listeners may be added at any time and are called in order of addition.
 *
 * @since 0.1
 */
public interface WorkerEvents {

    /** Called after a task succeeded and was acknowledged. */
    WorkerEvents onSuccess(Consumer<TaskEvent> listener);

    /** Called when an attempt failed, before the policy's decision is carried out. */
    WorkerEvents onFailure(Consumer<TaskEvent> listener);

    /** Called after the next attempt of a failed task was scheduled. */
    WorkerEvents onRetryScheduled(Consumer<TaskEvent> listener);

    /** Called after a task was put back in the delayed set without spending an attempt. */
    WorkerEvents onRescheduled(Consumer<TaskEvent> listener);

    /** Called after a task was moved to the dead-letter queue (by this worker or its recovery). */
    WorkerEvents onDeadLettered(Consumer<TaskEvent> listener);

    /** Called for every event. */
    WorkerEvents onEvent(Consumer<TaskEvent> listener);
}
