package io.redq;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown by a handler (or a limit it consults) to say: not now, run me again after this long,
 * and do not count this as an attempt. The worker moves the task to the delayed set unchanged;
 * no failure policy is asked and {@code attempt} stays the same. Rate and concurrency limits of
 * {@code queue-ratelimit} throw it when a limit is reached.
 *
 * @since 0.1
 */
public class RescheduleException extends RedqException {
    private static final long serialVersionUID = 1L;

    private final Duration after;

    /**
     * @param message why the task must wait, e.g. "rate limit api.example.com: 10 per PT1S"
     * @param after   how long to wait, zero to one year
     * @throws IllegalArgumentException if after is null, negative or longer than a year
     */
    public RescheduleException(String message, Duration after) {
        super(message);
        Objects.requireNonNull(after, "after must not be null");
        if (after.isNegative() || after.compareTo(Duration.ofDays(365)) > 0) {
            throw new IllegalArgumentException("after must be between 0 and 365 days, was " + after);
        }
        this.after = after;
    }

    /** How long to wait before the task runs again. */
    public Duration after() {
        return after;
    }
}
