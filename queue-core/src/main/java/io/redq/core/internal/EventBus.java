package io.redq.core.internal;

import io.redq.Envelope;
import io.redq.TaskEvent;
import io.redq.WorkerEvents;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A worker's event listeners; a listener that throws is logged and never disturbs the task. */
final class EventBus implements WorkerEvents {

    private static final Logger log = LoggerFactory.getLogger(EventBus.class);

    private record Listener(TaskEvent.Kind kind, Consumer<TaskEvent> consumer) {
    }

    private final String queue;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    EventBus(String queue) {
        this.queue = queue;
    }

    @Override
    public WorkerEvents onSuccess(Consumer<TaskEvent> listener) {
        return add(TaskEvent.Kind.SUCCEEDED, listener);
    }

    @Override
    public WorkerEvents onFailure(Consumer<TaskEvent> listener) {
        return add(TaskEvent.Kind.FAILED, listener);
    }

    @Override
    public WorkerEvents onRetryScheduled(Consumer<TaskEvent> listener) {
        return add(TaskEvent.Kind.RETRY_SCHEDULED, listener);
    }

    @Override
    public WorkerEvents onRescheduled(Consumer<TaskEvent> listener) {
        return add(TaskEvent.Kind.RESCHEDULED, listener);
    }

    @Override
    public WorkerEvents onDeadLettered(Consumer<TaskEvent> listener) {
        return add(TaskEvent.Kind.DEAD_LETTERED, listener);
    }

    @Override
    public WorkerEvents onEvent(Consumer<TaskEvent> listener) {
        return add(null, listener);
    }

    private WorkerEvents add(TaskEvent.Kind kind, Consumer<TaskEvent> listener) {
        listeners.add(new Listener(kind, Objects.requireNonNull(listener, "listener must not be null")));
        return this;
    }

    void succeeded(Envelope e, Duration elapsed) {
        publish(new TaskEvent(TaskEvent.Kind.SUCCEEDED, queue, e, null, elapsed, null, null));
    }

    void failed(Envelope e, Throwable error, Duration elapsed) {
        publish(new TaskEvent(TaskEvent.Kind.FAILED, queue, e, error, elapsed, null, null));
    }

    void retryScheduled(Envelope e, Throwable error, Duration elapsed, Duration delay) {
        publish(new TaskEvent(TaskEvent.Kind.RETRY_SCHEDULED, queue, e, error, elapsed, delay, null));
    }

    void rescheduled(Envelope e, Throwable reason, Duration elapsed, Duration delay) {
        publish(new TaskEvent(TaskEvent.Kind.RESCHEDULED, queue, e, reason, elapsed, delay, null));
    }

    void deadLettered(Envelope e, Throwable error, Duration elapsed, String reason) {
        publish(new TaskEvent(TaskEvent.Kind.DEAD_LETTERED, queue, e, error, elapsed, null, reason));
    }

    private void publish(TaskEvent event) {
        for (Listener l : listeners) {
            if (l.kind() == null || l.kind() == event.kind()) {
                try {
                    l.consumer().accept(event);
                } catch (RuntimeException ex) {
                    log.warn("Queue '{}': a {} listener threw for task {}; ignored", queue, event.kind(),
                            event.envelope().id(), ex);
                }
            }
        }
    }
}
