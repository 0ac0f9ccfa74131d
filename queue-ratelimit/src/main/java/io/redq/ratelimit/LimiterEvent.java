package io.redq.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * Something a {@link RateLimiter} or {@link ConcurrencyLimiter} did, for {@link LimiterEvents}
 * listeners: metrics, logs, alerts.
 *
 * @param kind    what happened; never null
 * @param limiter the limiter's name; never null
 * @param permits permits acquired, denied (asked for) or released
 * @param retryAfter for {@link Kind#DENIED}: how long the caller was told to wait; otherwise zero; never null
 * @param holder  for a concurrency limiter: the holder id; for a rate limiter: null
 * @since 0.1
 */
public record LimiterEvent(Kind kind, String limiter, int permits, Duration retryAfter, String holder) {

    /** What happened. */
    public enum Kind {
        /** Permits were granted. */
        ACQUIRED,
        /** No permit was free; the caller waits or the task is rescheduled after {@link #retryAfter()}. */
        DENIED,
        /** A concurrency permit was given back. */
        RELEASED,
        /**
         * A holder found its concurrency permit gone when it renewed the lease (it renewed too late,
         * e.g. after a long pause, and another caller evicted it): its task runs on without a permit.
         */
        LEASE_LOST
    }

    /**
     * Validates the event.
     *
     * @param kind       what happened
     * @param limiter    the limiter's name
     * @param permits    permits acquired, denied or released
     * @param retryAfter the wait given with a denial, else zero
     * @param holder     the concurrency holder id, or null
     * @throws NullPointerException if {@code kind}, {@code limiter} or {@code retryAfter} is null
     */
    public LimiterEvent {
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(limiter, "limiter must not be null");
        Objects.requireNonNull(retryAfter, "retryAfter must not be null");
    }
}
