package io.redq;

/**
 * Base of the exceptions redq throws.
 *
 * @since 0.1
 */
public class RedqException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and what to do */
    public RedqException(String message) {
        super(message);
    }

    /** @param message what went wrong and what to do; @param cause the cause */
    public RedqException(String message, Throwable cause) {
        super(message, cause);
    }
}
