package io.redq.ratelimit.internal;

import io.redq.ratelimit.LimiterEvent;
import io.redq.ratelimit.LimiterEvents;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A limiter's event listeners; a listener that throws is logged and changes nothing. */
final class EventPublisher implements LimiterEvents {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

    private record Listener(LimiterEvent.Kind kind, Consumer<LimiterEvent> consumer) {
    }

    private final String limiter;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    EventPublisher(String limiter) {
        this.limiter = limiter;
    }

    @Override
    public LimiterEvents onAcquired(Consumer<LimiterEvent> listener) {
        return add(LimiterEvent.Kind.ACQUIRED, listener);
    }

    @Override
    public LimiterEvents onDenied(Consumer<LimiterEvent> listener) {
        return add(LimiterEvent.Kind.DENIED, listener);
    }

    @Override
    public LimiterEvents onReleased(Consumer<LimiterEvent> listener) {
        return add(LimiterEvent.Kind.RELEASED, listener);
    }

    @Override
    public LimiterEvents onLeaseLost(Consumer<LimiterEvent> listener) {
        return add(LimiterEvent.Kind.LEASE_LOST, listener);
    }

    @Override
    public LimiterEvents onEvent(Consumer<LimiterEvent> listener) {
        return add(null, listener);
    }

    private LimiterEvents add(LimiterEvent.Kind kind, Consumer<LimiterEvent> listener) {
        listeners.add(new Listener(kind, Objects.requireNonNull(listener, "listener must not be null")));
        return this;
    }

    void publish(LimiterEvent.Kind kind, int permits, Duration wait, String holder) {
        if (listeners.isEmpty()) {
            return;
        }
        LimiterEvent event = new LimiterEvent(kind, limiter, permits, wait, holder);
        for (Listener l : listeners) {
            if (l.kind() == null || l.kind() == kind) {
                try {
                    l.consumer().accept(event);
                } catch (RuntimeException e) {
                    log.warn("Limiter '{}': a {} listener threw; ignored", limiter, kind, e);
                }
            }
        }
    }
}
