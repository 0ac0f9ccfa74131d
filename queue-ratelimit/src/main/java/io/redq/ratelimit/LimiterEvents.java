package io.redq.ratelimit;

import java.util.function.Consumer;

/**
 * Registers listeners for a limiter's {@link LimiterEvent}s, in the style of Resilience4j's event
 * publishers: {@code limiter.events().onDenied(e -> metrics.increment(e.limiter()))}. Listeners run
 * on the thread that asked for the permit (a handler or a worker's fetch thread, or the renewal
 * thread for {@link LimiterEvent.Kind#LEASE_LOST}); keep them fast. A listener that throws is
 * logged and changes nothing. Listeners may be added at any time.
 *
 * @since 0.1
 */
public interface LimiterEvents {

    /**
     * @param listener called after permits were granted; not null
     * @return this
     */
    LimiterEvents onAcquired(Consumer<LimiterEvent> listener);

    /**
     * @param listener called when a caller was turned away (no permit free); not null
     * @return this
     */
    LimiterEvents onDenied(Consumer<LimiterEvent> listener);

    /**
     * @param listener called after a concurrency permit was given back; not null
     * @return this
     */
    LimiterEvents onReleased(Consumer<LimiterEvent> listener);

    /**
     * @param listener called when a holder found its concurrency permit gone on renewal; not null
     * @return this
     */
    LimiterEvents onLeaseLost(Consumer<LimiterEvent> listener);

    /**
     * @param listener called for every event; not null
     * @return this
     */
    LimiterEvents onEvent(Consumer<LimiterEvent> listener);
}
