package io.redq.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link FailurePolicy} decided: dead-letter the task with a reason, or run it again later.
 *
 * @since 0.1
 */
public final class FailureDecision {

    /** Reason for a failure the policy did not retry. */
    public static final String REASON_FAILED = "failed";

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
     * @param delay zero or more
     */
    public static FailureDecision retryAfter(Duration delay) {
        Objects.requireNonNull(delay, "delay must not be null");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, was " + delay);
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
