package io.redq;

/**
 * Redis could not be reached, or refused a write, so the operation did not happen. An enqueue that
 * throws this did not enqueue (or, on a time-out, may have: check by id or rely on unique keys).
 *
 * @since 0.1
 */
public class QueueUnavailableException extends RedqException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, naming the queue; @param cause the Redis client's error */
    public QueueUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
