package io.redq;

import java.time.Duration;
import java.util.Objects;

/**
 * Something that happened to one task in a worker: it succeeded, an attempt failed, a retry was
 * scheduled, or it was dead-lettered. Published after the matching Redis move succeeded.
 *
 * @param kind             what happened
 * @param queue            the queue name
 * @param envelope         the task as it ran (for dead-lettering of a malformed string, a synthetic envelope)
 * @param error            the failure, or null for {@link Kind#SUCCEEDED}
 * @param elapsed          how long the handler ran; {@link Duration#ZERO} when it did not run
 * @param retryDelay       the delay until the next run for {@link Kind#RETRY_SCHEDULED} and
 *                         {@link Kind#RESCHEDULED}, else null
 * @param deadLetterReason the reason for {@link Kind#DEAD_LETTERED}, else null
 * @since 0.1
 */
public record TaskEvent(Kind kind, String queue, Envelope envelope, Throwable error, Duration elapsed,
                        Duration retryDelay, String deadLetterReason) {

    /** What happened to the task. */
    public enum Kind {
        /** The handler returned and the task was acknowledged. */
        SUCCEEDED,
        /** An attempt failed; a {@link #RETRY_SCHEDULED} or {@link #DEAD_LETTERED} event follows. */
        FAILED,
        /** The next attempt was put in the delayed set. */
        RETRY_SCHEDULED,
        /** The task asked to run later without spending an attempt ({@link RescheduleException}). */
        RESCHEDULED,
        /** The task was moved to the dead-letter queue. */
        DEAD_LETTERED
    }

    /** Validates the record. */
    public TaskEvent {
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(queue, "queue must not be null");
        Objects.requireNonNull(envelope, "envelope must not be null");
        Objects.requireNonNull(elapsed, "elapsed must not be null");
    }
}
