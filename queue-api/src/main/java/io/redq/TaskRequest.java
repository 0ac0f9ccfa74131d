package io.redq;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A task to enqueue with options: {@code TaskRequest.of("send-email", email).uniqueKey("welcome:42")}.
 * Mutable and not thread-safe: build one per enqueue.
 *
 * @since 0.1
 */
public final class TaskRequest {

    private final String type;
    private final Object payload;
    private String uniqueKey;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private TaskRequest(String type, Object payload) {
        this.type = type;
        this.payload = payload;
    }

    /**
     * Starts a request; arguments are validated when the request is enqueued.
     *
     * @param type    task type, not blank
     * @param payload payload object, not null
     */
    public static TaskRequest of(String type, Object payload) {
        return new TaskRequest(type, payload);
    }

    /** Makes the task unique by this key while it exists; null clears it. */
    public TaskRequest uniqueKey(String uniqueKey) {
        this.uniqueKey = uniqueKey;
        return this;
    }

    /** Adds a header carried in the envelope. */
    public TaskRequest header(String name, String value) {
        headers.put(Objects.requireNonNull(name, "header name must not be null"),
                Objects.requireNonNull(value, "header value must not be null"));
        return this;
    }

    /** The task type. */
    public String type() {
        return type;
    }

    /** The payload object. */
    public Object payload() {
        return payload;
    }

    /** The unique key, or null. */
    public String uniqueKey() {
        return uniqueKey;
    }

    /** The headers, never null. */
    public Map<String, String> headers() {
        return Map.copyOf(headers);
    }
}
