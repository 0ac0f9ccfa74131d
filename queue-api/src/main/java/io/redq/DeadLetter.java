package io.redq;

import java.util.Objects;

/**
 * One record of the dead-letter queue: the task as it last ran and why it stopped.
 *
 * @param envelope     the envelope of the last attempt; for a malformed task a synthetic one whose
 *                     payload is the raw text as a JSON string
 * @param reason       why: "failed", "exhausted", "aborted", "malformed envelope", "unknown type",
 *                     "payload binding", "delivery limit exceeded", ...
 * @param errorClass   the exception class name, may be null (e.g. delivery limit)
 * @param errorMessage the exception message, may be null
 * @param stackHead    the first lines of the stack trace, may be null
 * @param attempts     attempts made
 * @param firstFailedAt when its first attempt failed, epoch ms (the worker's clock); equals
 *                     {@code failedAt} when it was dead-lettered on its first failure
 * @param failedAt     when it was dead-lettered, epoch ms Redis server time
 * @since 0.1
 */
public record DeadLetter(Envelope envelope, String reason, String errorClass, String errorMessage,
                         String stackHead, int attempts, long firstFailedAt, long failedAt) {

    /** Validates the record. */
    public DeadLetter {
        Objects.requireNonNull(envelope, "envelope must not be null");
        Objects.requireNonNull(reason, "reason must not be null");
    }

    /** The task id. */
    public String taskId() {
        return envelope.id();
    }
}
