package io.redq.spi;

import io.redq.Envelope;
import java.util.Objects;

/**
 * One failed attempt, as a {@link FailurePolicy} sees it.
 *
 * @param queue    the queue name
 * @param envelope the envelope of the failed attempt ({@code attempt} is the attempt that failed)
 * @param error    what the handler threw (or a {@link io.redq.TaskTimeoutException})
 * @since 0.1
 */
public record Failure(String queue, Envelope envelope, Throwable error) {

    /** Validates the record. */
    public Failure {
        Objects.requireNonNull(queue, "queue must not be null");
        Objects.requireNonNull(envelope, "envelope must not be null");
        Objects.requireNonNull(error, "error must not be null");
    }
}
