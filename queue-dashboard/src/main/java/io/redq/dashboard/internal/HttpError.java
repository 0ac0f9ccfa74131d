package io.redq.dashboard.internal;

/** Why: a handler stops with a status and a message that names what is wrong; the server answers it as JSON. */
final class HttpError extends RuntimeException {

    final int status;
    final String parameter;

    HttpError(int status, String message) {
        this(status, message, null);
    }

    HttpError(int status, String message, String parameter) {
        super(message, null, false, false);
        this.status = status;
        this.parameter = parameter;
    }
}
