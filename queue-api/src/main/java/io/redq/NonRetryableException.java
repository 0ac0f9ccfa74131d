package io.redq;

/**
 * Thrown by a handler to say: retrying cannot help. Every retry policy dead-letters it at once
 * with reason "aborted".
 *
 * @since 0.1
 */
public class NonRetryableException extends RedqException {
    private static final long serialVersionUID = 1L;

    /** @param message why the task cannot succeed */
    public NonRetryableException(String message) {
        super(message);
    }

    /** @param message why the task cannot succeed; @param cause the underlying error */
    public NonRetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
