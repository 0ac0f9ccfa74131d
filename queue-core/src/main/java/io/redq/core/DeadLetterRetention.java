package io.redq.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How many dead-letter records a queue keeps and for how long. Off by default: records stay until
 * an operator requeues, deletes or purges them. When on, each new dead-letter trims at most 100 of
 * the oldest records beyond the limits, in the same script, so trimming never blocks Redis long.
 *
 * @since 0.1
 */
public final class DeadLetterRetention {

    private static final DeadLetterRetention NONE = new DeadLetterRetention(0, Duration.ZERO);

    private final long maxRecords;
    private final Duration maxAge;

    private DeadLetterRetention(long maxRecords, Duration maxAge) {
        this.maxRecords = maxRecords;
        this.maxAge = maxAge;
    }

    /** Keep every record (the default). */
    public static DeadLetterRetention keepAll() {
        return NONE;
    }

    /**
     * Keep at most {@code maxRecords} records, none older than {@code maxAge}.
     *
     * @param maxRecords 1 or more, or 0 for no count limit
     * @param maxAge     positive, or {@link Duration#ZERO} for no age limit; not null
     * @throws IllegalArgumentException if maxRecords is negative or maxAge negative
     */
    public static DeadLetterRetention of(long maxRecords, Duration maxAge) {
        Objects.requireNonNull(maxAge, "maxAge must not be null");
        if (maxRecords < 0) {
            throw new IllegalArgumentException("maxRecords must not be negative, was " + maxRecords);
        }
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative, was " + maxAge);
        }
        return new DeadLetterRetention(maxRecords, maxAge);
    }

    /** The record limit; 0 means none. */
    public long maxRecords() {
        return maxRecords;
    }

    /** The age limit; zero means none. */
    public Duration maxAge() {
        return maxAge;
    }

    @Override
    public String toString() {
        return "DeadLetterRetention{maxRecords=" + maxRecords + ", maxAge=" + maxAge + "}";
    }
}
