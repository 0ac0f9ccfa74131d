package io.redq;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown by a handler to ask for another attempt after a given time, e.g. when a remote API
 * answered 429 with a Retry-After header. Retry policies honour the duration (still counting the
 * attempt against their maximum).
 *
 * @since 0.1
 */
public class RetryLaterException extends RedqException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    /**
     * @param message    why the task must wait
     * @param retryAfter how long to wait before the next attempt, not negative
     * @throws IllegalArgumentException if retryAfter is null or negative
     */
    public RetryLaterException(String message, Duration retryAfter) {
        super(message);
        Objects.requireNonNull(retryAfter, "retryAfter must not be null");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
        }
        this.retryAfter = retryAfter;
    }

    /** How long to wait before the next attempt. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
