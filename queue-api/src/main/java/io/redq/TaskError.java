package io.redq;

import java.util.Objects;

/**
 * The error a failed attempt left behind: the exception class and message.
 *
 * @param errorClass fully qualified class name of the exception, never null
 * @param message    the exception message, may be null
 * @since 0.1
 */
public record TaskError(String errorClass, String message) {

    /** Validates the record. */
    public TaskError {
        Objects.requireNonNull(errorClass, "errorClass must not be null");
    }

    /** Describes a throwable by its class name and message. */
    public static TaskError of(Throwable error) {
        Objects.requireNonNull(error, "error must not be null");
        return new TaskError(error.getClass().getName(), error.getMessage());
    }
}
