package io.redq;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The unit that travels through Redis: one task, its payload and its delivery history.
 *
 * <p>An envelope is immutable; the {@code with...} methods return a changed copy. Its JSON form
 * (wire format version {@link #FORMAT_VERSION}) is documented in {@code docs/wire-format.md} so
 * that producers in other languages can enqueue tasks. The payload is kept as raw JSON text and is
 * bound to a Java type only by the handler that declares it.
 *
 * @since 0.1
 */
public final class Envelope {

    /** The wire format version this library writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private final int version;
    private final String id;
    private final String type;
    private final String payload;
    private final int attempt;
    private final int deliveries;
    private final int priority;
    private final long enqueuedAt;
    private final Long notBefore;
    private final String uniqueKey;
    private final Map<String, String> headers;
    private final TaskError lastError;

    private Envelope(Builder b) {
        this.version = b.version;
        this.id = requireText(b.id, "id");
        this.type = requireText(b.type, "type");
        this.payload = Objects.requireNonNull(b.payload, "payload must not be null");
        if (b.attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, was " + b.attempt);
        }
        if (b.deliveries < 0) {
            throw new IllegalArgumentException("deliveries must not be negative, was " + b.deliveries);
        }
        this.attempt = b.attempt;
        this.deliveries = b.deliveries;
        this.priority = b.priority;
        this.enqueuedAt = b.enqueuedAt;
        this.notBefore = b.notBefore;
        this.uniqueKey = b.uniqueKey;
        this.headers = b.headers.isEmpty()
                ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
        this.lastError = b.lastError;
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be null or blank");
        }
        return value;
    }

    /** Returns a builder for a new envelope; {@code id}, {@code type} and {@code payload} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts as a copy of this envelope. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.version = version;
        b.id = id;
        b.type = type;
        b.payload = payload;
        b.attempt = attempt;
        b.deliveries = deliveries;
        b.priority = priority;
        b.enqueuedAt = enqueuedAt;
        b.notBefore = notBefore;
        b.uniqueKey = uniqueKey;
        b.headers.putAll(headers);
        b.lastError = lastError;
        return b;
    }

    /** The wire format version the envelope was written with ({@code v}). */
    public int version() {
        return version;
    }

    /** The unique, time-ordered task id. Never null. */
    public String id() {
        return id;
    }

    /** The task type: the name a handler is registered under. Never null. */
    public String type() {
        return type;
    }

    /** The payload as raw JSON text (an object, array, string, number, boolean or {@code null}). Never null. */
    public String payload() {
        return payload;
    }

    /** Which attempt this is, starting at 1; a retry after a handler failure adds one. */
    public int attempt() {
        return attempt;
    }

    /**
     * How many earlier deliveries of this task ended without an acknowledgement because the consumer
     * that held it died. 0 on first delivery; crash recovery adds one.
     */
    public int deliveries() {
        return deliveries;
    }

    /** The priority level the task was enqueued with (0 on single-level queues). */
    public int priority() {
        return priority;
    }

    /** When the producer enqueued the task, in epoch milliseconds. */
    public long enqueuedAt() {
        return enqueuedAt;
    }

    /** The earliest time the task may run, in epoch milliseconds (Redis server time), or null if not delayed. */
    public Long notBefore() {
        return notBefore;
    }

    /** The uniqueness key the task was enqueued with, or null. */
    public String uniqueKey() {
        return uniqueKey;
    }

    /** Free-form string headers; never null, possibly empty, unmodifiable. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The error of the last failed attempt, or null if no attempt has failed. */
    public TaskError lastError() {
        return lastError;
    }

    /** Returns a copy with {@code deliveries} increased by one. */
    public Envelope withNextDelivery() {
        return toBuilder().deliveries(deliveries + 1).build();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Envelope)) {
            return false;
        }
        Envelope e = (Envelope) o;
        return version == e.version && attempt == e.attempt && deliveries == e.deliveries
                && priority == e.priority && enqueuedAt == e.enqueuedAt && id.equals(e.id)
                && type.equals(e.type) && payload.equals(e.payload) && Objects.equals(notBefore, e.notBefore)
                && Objects.equals(uniqueKey, e.uniqueKey) && headers.equals(e.headers)
                && Objects.equals(lastError, e.lastError);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, type, payload, attempt, deliveries);
    }

    @Override
    public String toString() {
        return "Envelope{id=" + id + ", type=" + type + ", attempt=" + attempt + ", deliveries=" + deliveries
                + ", priority=" + priority + "}";
    }

    /** Builds an {@link Envelope}; validation happens in {@link #build()}. */
    public static final class Builder {
        private int version = FORMAT_VERSION;
        private String id;
        private String type;
        private String payload;
        private int attempt = 1;
        private int deliveries;
        private int priority;
        private long enqueuedAt;
        private Long notBefore;
        private String uniqueKey;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private TaskError lastError;

        private Builder() {
        }

        /** Sets the wire format version ({@code v}). */
        public Builder version(int version) {
            this.version = version;
            return this;
        }

        /** Sets the task id. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** Sets the task type. */
        public Builder type(String type) {
            this.type = type;
            return this;
        }

        /** Sets the payload as raw JSON text. */
        public Builder payload(String payloadJson) {
            this.payload = payloadJson;
            return this;
        }

        /** Sets the attempt number (1 for the first). */
        public Builder attempt(int attempt) {
            this.attempt = attempt;
            return this;
        }

        /** Sets the number of unacknowledged earlier deliveries. */
        public Builder deliveries(int deliveries) {
            this.deliveries = deliveries;
            return this;
        }

        /** Sets the priority level. */
        public Builder priority(int priority) {
            this.priority = priority;
            return this;
        }

        /** Sets the enqueue time in epoch milliseconds. */
        public Builder enqueuedAt(long epochMillis) {
            this.enqueuedAt = epochMillis;
            return this;
        }

        /** Sets the earliest run time in epoch milliseconds; null for none. */
        public Builder notBefore(Long epochMillis) {
            this.notBefore = epochMillis;
            return this;
        }

        /** Sets the uniqueness key; null for none. */
        public Builder uniqueKey(String uniqueKey) {
            this.uniqueKey = uniqueKey;
            return this;
        }

        /** Replaces all headers. */
        public Builder headers(Map<String, String> headers) {
            this.headers.clear();
            if (headers != null) {
                this.headers.putAll(headers);
            }
            return this;
        }

        /** Adds or replaces one header. */
        public Builder header(String name, String value) {
            this.headers.put(Objects.requireNonNull(name, "header name must not be null"),
                    Objects.requireNonNull(value, "header value must not be null"));
            return this;
        }

        /** Sets the last error; null for none. */
        public Builder lastError(TaskError lastError) {
            this.lastError = lastError;
            return this;
        }

        /**
         * Builds the envelope.
         *
         * @throws IllegalArgumentException if id or type is blank, payload is null, attempt &lt; 1
         *                                  or deliveries &lt; 0
         */
        public Envelope build() {
            return new Envelope(this);
        }
    }
}
