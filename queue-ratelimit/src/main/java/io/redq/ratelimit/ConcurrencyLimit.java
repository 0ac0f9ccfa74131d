package io.redq.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of a {@link ConcurrencyLimiter}: at most {@code permits} holders at once,
 * cluster-wide, each holding its permit on a lease it renews while its task runs. Build one with
 * {@link #custom()} or {@link #of(int)}:
 *
 * <pre>{@code
 * ConcurrencyLimit encodes = ConcurrencyLimit.custom()
 *         .permits(3)                            // at most 3 encodes at once, in all JVMs
 *         .lease(Duration.ofSeconds(30))         // a holder killed with -9 frees its permit within 30 s
 *         .maxWait(Duration.ZERO)                // when all are taken: reschedule at once...
 *         .rescheduleAfter(Duration.ofSeconds(5)) // ...to run again in about 5 s
 *         .build();
 * }</pre>
 *
 * <p>Every JVM using a limiter name must use the same settings for it.
 *
 * @since 0.1
 */
public final class ConcurrencyLimit {

    /** Default lease: 30 seconds, renewed every third of it while the holder's task runs. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
    /** Default wait for a free permit before the task is rescheduled: none. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ZERO;
    /** Default delay of a task rescheduled because every permit was taken: 1 second. */
    public static final Duration DEFAULT_RESCHEDULE_AFTER = Duration.ofSeconds(1);
    /** Most permits one limit may have. */
    public static final int MAX_PERMITS = 100_000;

    private static final Duration MIN_LEASE = Duration.ofSeconds(1);
    private static final Duration MAX_LEASE = Duration.ofDays(1);
    private static final Duration MAX_DELAY = Duration.ofDays(30);

    private final int permits;
    private final Duration lease;
    private final Duration maxWait;
    private final Duration rescheduleAfter;

    private ConcurrencyLimit(Builder b) {
        this.permits = b.permits;
        this.lease = b.lease;
        this.maxWait = b.maxWait;
        this.rescheduleAfter = b.rescheduleAfter;
    }

    /**
     * A builder with no permits set yet and the defaults for the rest.
     *
     * @return a new builder; never null
     */
    public static Builder custom() {
        return new Builder();
    }

    /**
     * {@code permits} at once, with the default lease, no waiting and the default reschedule delay.
     *
     * @param permits holders at once, 1 to {@value #MAX_PERMITS}
     * @return the limit; never null
     * @throws IllegalArgumentException if {@code permits} is out of range
     */
    public static ConcurrencyLimit of(int permits) {
        return custom().permits(permits).build();
    }

    /**
     * A builder starting from these settings.
     *
     * @return a new builder; never null
     */
    public Builder mutate() {
        return new Builder().permits(permits).lease(lease).maxWait(maxWait).rescheduleAfter(rescheduleAfter);
    }

    /** @return holders at once, at least 1 */
    public int permits() {
        return permits;
    }

    /** @return how long a permit outlives a holder that stopped renewing it; never null */
    public Duration lease() {
        return lease;
    }

    /** @return how often a holder renews its lease: a third of the lease; never null */
    public Duration renewInterval() {
        return lease.dividedBy(3);
    }

    /** @return how long {@link ConcurrencyLimiter#acquire()} waits for a free permit; zero or more */
    public Duration maxWait() {
        return maxWait;
    }

    /** @return the delay of a task rescheduled because no permit was free; never null */
    public Duration rescheduleAfter() {
        return rescheduleAfter;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConcurrencyLimit that && permits == that.permits && lease.equals(that.lease)
                && maxWait.equals(that.maxWait) && rescheduleAfter.equals(that.rescheduleAfter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(permits, lease, maxWait, rescheduleAfter);
    }

    /** @return e.g. {@code "3 permits, lease PT30S, maxWait PT0S, rescheduleAfter PT1S"} */
    @Override
    public String toString() {
        return permits + " permits, lease " + lease + ", maxWait " + maxWait + ", rescheduleAfter " + rescheduleAfter;
    }

    /** Builds a {@link ConcurrencyLimit}; every setter checks its argument at once. Not thread-safe. */
    public static final class Builder {
        private int permits;
        private Duration lease = DEFAULT_LEASE;
        private Duration maxWait = DEFAULT_MAX_WAIT;
        private Duration rescheduleAfter = DEFAULT_RESCHEDULE_AFTER;

        private Builder() {
        }

        /**
         * @param permits holders at once, 1 to {@value ConcurrencyLimit#MAX_PERMITS}
         * @return this builder
         * @throws IllegalArgumentException if {@code permits} is out of range
         */
        public Builder permits(int permits) {
            if (permits < 1 || permits > MAX_PERMITS) {
                throw new IllegalArgumentException("permits must be between 1 and " + MAX_PERMITS + ", was " + permits);
            }
            this.permits = permits;
            return this;
        }

        /**
         * @param lease how long a permit outlives a holder that stopped renewing it (a JVM killed with
         *              -9, or frozen): 1 second to 1 day; the holder renews every third of it
         * @return this builder
         * @throws NullPointerException     if {@code lease} is null
         * @throws IllegalArgumentException if {@code lease} is out of range
         */
        public Builder lease(Duration lease) {
            this.lease = between(lease, MIN_LEASE, MAX_LEASE, "lease");
            return this;
        }

        /**
         * @param maxWait how long {@link ConcurrencyLimiter#acquire()} waits for a permit to come free
         *                before the task is rescheduled: zero (the default: reschedule at once) up to
         *                1 day. A waiting task holds its handler thread.
         * @return this builder
         * @throws NullPointerException     if {@code maxWait} is null
         * @throws IllegalArgumentException if {@code maxWait} is out of range
         */
        public Builder maxWait(Duration maxWait) {
            this.maxWait = between(maxWait, Duration.ZERO, MAX_LEASE, "maxWait");
            return this;
        }

        /**
         * @param delay how long a task waits in the delayed set when no permit was free (plus up to a
         *              quarter more at random, so rescheduled tasks do not all come back at once):
         *              1 millisecond to 30 days
         * @return this builder
         * @throws NullPointerException     if {@code delay} is null
         * @throws IllegalArgumentException if {@code delay} is out of range
         */
        public Builder rescheduleAfter(Duration delay) {
            this.rescheduleAfter = between(delay, Duration.ofMillis(1), MAX_DELAY, "rescheduleAfter");
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the limit; never null
         * @throws IllegalStateException if the number of permits was not set
         */
        public ConcurrencyLimit build() {
            if (permits == 0) {
                throw new IllegalStateException("permits must be set, e.g. ConcurrencyLimit.custom().permits(3)");
            }
            return new ConcurrencyLimit(this);
        }

        private static Duration between(Duration value, Duration min, Duration max, String name) {
            Objects.requireNonNull(value, name + " must not be null");
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
            }
            return value;
        }
    }
}
