package io.redq;

import java.time.Duration;
import java.time.Instant;
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
    private Duration delay;
    private Instant runAt;
    private Integer priority;
    private String priorityName;
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

    /**
     * Runs the task no earlier than {@code delay} from now, measured in Redis server time.
     * Replaces an earlier {@link #runAt(Instant)}.
     *
     * @throws IllegalArgumentException if delay is null or negative
     */
    public TaskRequest delay(Duration delay) {
        Objects.requireNonNull(delay, "delay must not be null");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, was " + delay);
        }
        this.delay = delay;
        this.runAt = null;
        return this;
    }

    /**
     * Runs the task no earlier than this instant, compared with Redis server time. An instant in
     * the past runs the task as soon as a worker promotes it. Replaces an earlier {@link #delay(Duration)}.
     *
     * @throws IllegalArgumentException if runAt is null
     */
    public TaskRequest runAt(Instant runAt) {
        this.runAt = Objects.requireNonNull(runAt, "runAt must not be null");
        this.delay = null;
        return this;
    }

    /**
     * The priority level (0 is the most urgent); checked against the queue's declared levels when
     * enqueued. Replaces an earlier {@link #priority(String)}.
     */
    public TaskRequest priority(int level) {
        this.priority = level;
        this.priorityName = null;
        return this;
    }

    /** The priority by the name the queue's {@link Priorities} give a level. */
    public TaskRequest priority(String levelName) {
        this.priorityName = Objects.requireNonNull(levelName, "priority name must not be null");
        this.priority = null;
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

    /** The delay, or null. */
    public Duration delay() {
        return delay;
    }

    /** The run-at instant, or null. */
    public Instant runAt() {
        return runAt;
    }

    /** The priority level, or null for the queue's default (or when given by name). */
    public Integer priority() {
        return priority;
    }

    /** The priority level name, or null. */
    public String priorityName() {
        return priorityName;
    }

    /** The headers, never null. */
    public Map<String, String> headers() {
        return Map.copyOf(headers);
    }
}
