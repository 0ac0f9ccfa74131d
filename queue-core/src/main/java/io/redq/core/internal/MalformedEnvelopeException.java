package io.redq.core.internal;

/** A string in a queue list that is not a valid redq envelope; the task is dead-lettered. */
public final class MalformedEnvelopeException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedEnvelopeException(String message, Throwable cause) {
        super(message, cause);
    }
}
