package io.redq.core;

import io.redq.RedqException;

/**
 * {@link RedQ.Builder#build()} could not connect: no server, sentinel or seed node answered in
 * time, the Sentinel group knows no master of the given name, or the server refused the
 * credentials. The message names the target and what to check; the cause is the Redis client's
 * exception.
 *
 * @since 0.1
 */
public class RedisConnectException extends RedqException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be reached and what to check
     * @param cause   the Redis client's exception
     */
    public RedisConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
