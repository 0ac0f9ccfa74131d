package io.redq.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link FailurePolicy} decided: dead-letter the task with a reason, or run it again later.
 *
 * @since 0.1
 */
public final class FailureDecision {

    /** Reason for a failure the policy did not retry (core's default policy). */
    public static final String REASON_FAILED = "failed";
    /** Reason for a failure retrying cannot help (a non-retryable error). */
    public static final String REASON_ABORTED = "aborted";
    /** Reason for a task out of attempts. */
    public static final String REASON_EXHAUSTED = "exhausted";
    /** Longest retry delay accepted. */
    public static final Duration MAX_RETRY_DELAY = Duration.ofDays(365);

    private final String deadLetterReason;
    private final Duration retryDelay;

    private FailureDecision(String deadLetterReason, Duration retryDelay) {
        this.deadLetterReason = deadLetterReason;
        this.retryDelay = retryDelay;
    }

    /**
     * Put the task in the dead-letter queue.
     *
     * @param reason a short reason shown to operators, e.g. "exhausted" or "aborted"; not blank
     */
    public static FailureDecision deadLetter(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason must not be null or blank");
        }
        return new FailureDecision(reason, null);
    }

    /**
     * Run the task again after {@code delay} (Redis server time), as the next attempt.
     *
     * @param delay zero to {@link #MAX_RETRY_DELAY}
     * @throws IllegalArgumentException if delay is negative or longer than a year
     */
    public static FailureDecision retryAfter(Duration delay) {
        Objects.requireNonNull(delay, "delay must not be null");
        if (delay.isNegative() || delay.compareTo(MAX_RETRY_DELAY) > 0) {
            throw new IllegalArgumentException("delay must be between 0 and " + MAX_RETRY_DELAY + ", was " + delay);
        }
        return new FailureDecision(null, delay);
    }

    /** True if the task is to be retried. */
    public boolean isRetry() {
        return retryDelay != null;
    }

    /** The retry delay, or null for a dead-letter decision. */
    public Duration retryDelay() {
        return retryDelay;
    }

    /** The dead-letter reason, or null for a retry decision. */
    public String deadLetterReason() {
        return deadLetterReason;
    }

    @Override
    public String toString() {
        return isRetry() ? "retryAfter(" + retryDelay + ")" : "deadLetter(" + deadLetterReason + ")";
    }
}
