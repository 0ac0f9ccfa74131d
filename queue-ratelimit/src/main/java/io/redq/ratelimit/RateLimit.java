package io.redq.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of a {@link RateLimiter}: at most {@code limit} permits per {@code period},
 * with an optional {@code burst}. Build one with {@link #custom()} or {@link #of(int, Duration)}:
 *
 * <pre>{@code
 * RateLimit limit = RateLimit.custom().limit(100).period(Duration.ofSeconds(1)).burst(0).build();
 * }</pre>
 *
 * <p>What it guarantees, cluster-wide and in Redis server time: no window of one period ever holds
 * more than {@code limit + burst} permits (with burst 0, the default: no more than {@code limit}),
 * also when a worker asks for a batch; and that still holds for the moments the permits are used,
 * if each is used at most {@linkplain #margin() margin} after it was granted.
 *
 * <p>How (GCRA): permits are due one {@linkplain #emissionInterval() emission interval} apart and
 * may be taken up to a {@linkplain #tolerance() tolerance} early. Permit {@code k + limit + burst}
 * then always comes at least {@code period + margin} after permit {@code k}. Two allowances cost
 * throughput, and buy a limiter that holds its bound in a real cluster:
 * <ul>
 *   <li>the <b>margin</b> (default {@code period / 50}, 20 ms a second): a task starts a moment
 *       after its permit, and a few ms of jitter there must not push a window of task starts over
 *       the limit;</li>
 *   <li>a <b>catch-up allowance</b> of {@code period / 100} in the tolerance: callers never ask
 *       exactly on time, and a limiter that could not make up for a late caller would lose that
 *       time for good. The allowance is only for callers of a busy limiter: one that was idle hands
 *       out {@code 1 + burst} permits at once.</li>
 * </ul>
 * The interval is {@code (period + period / 100 + margin) / limit}: the limiter runs at a steady
 * {@code period / (period + period / 100 + margin)} of its limit, 97.1% by default (97.09 a second
 * for 100 a second; 99% with {@code margin(Duration.ZERO)}). A late caller of a busy limiter may get
 * up to {@code 1 + (period / 100) / interval} permits at once: 1 at 100 a second, 97 at 10,000 a
 * second, so workers fetch in batches at high rates without any burst.
 *
 * <p>Every JVM using a limiter name must use the same settings for it.
 *
 * @since 0.1
 */
public final class RateLimit {

    /** Default burst: 0, so no window of one period holds more than {@code limit} permits. */
    public static final int DEFAULT_BURST = 0;
    /** Longest period accepted: 30 days. */
    public static final Duration MAX_PERIOD = Duration.ofDays(30);

    private final int limit;
    private final Duration period;
    private final int burst;
    private final Duration margin;
    private final Duration marginSet;
    private final long emissionIntervalMicros;
    private final long toleranceMicros;

    private RateLimit(Builder b) {
        this.limit = b.limit;
        this.period = b.period;
        this.burst = b.burst;
        this.marginSet = b.margin;
        this.margin = b.margin != null ? b.margin : defaultMargin(period);
        this.emissionIntervalMicros = interval(period, margin, limit);
        this.toleranceMicros = catchUpMicros(period) + burst * emissionIntervalMicros;
    }

    /**
     * A builder with no limit or period set yet, burst {@value #DEFAULT_BURST} and the default margin.
     *
     * @return a new builder; never null
     */
    public static Builder custom() {
        return new Builder();
    }

    /**
     * {@code limit} permits per {@code period}, burst 0, the default margin.
     *
     * @param limit  permits per period, at least 1
     * @param period the period, positive, at most {@link #MAX_PERIOD}
     * @return the rate limit; never null
     * @throws IllegalArgumentException naming the field if one is out of range
     * @throws NullPointerException     if {@code period} is null
     */
    public static RateLimit of(int limit, Duration period) {
        return custom().limit(limit).period(period).build();
    }

    /**
     * A builder starting from these settings (a default margin stays the default of the new period).
     *
     * @return a new builder; never null
     */
    public Builder mutate() {
        Builder b = new Builder().limit(limit).period(period).burst(burst);
        b.margin = marginSet;
        return b;
    }

    /** @return permits per period, at least 1 */
    public int limit() {
        return limit;
    }

    /** @return the period; never null */
    public Duration period() {
        return period;
    }

    /** @return permits that may be taken at once by an idle caller, on top of the first; 0 or more */
    public int burst() {
        return burst;
    }

    /**
     * How late after its grant a permit may be used without any window of one period seeing more than
     * {@code limit + burst} uses; {@code period / 50} unless set.
     *
     * @return zero or more; never null
     */
    public Duration margin() {
        return margin;
    }

    /**
     * The time between two permits at the steady rate: {@code (period + period / 100 + margin) / limit},
     * rounded up to whole microseconds.
     *
     * @return at least 1 microsecond; never null
     */
    public Duration emissionInterval() {
        return Duration.ofNanos(emissionIntervalMicros * 1000);
    }

    /**
     * How early a permit may be taken: the catch-up allowance {@code period / 100} plus {@code burst}
     * emission intervals.
     *
     * @return zero or more; never null
     */
    public Duration tolerance() {
        return Duration.ofNanos(toleranceMicros * 1000);
    }

    /**
     * The part of the {@linkplain #tolerance() tolerance} that only a late caller of a busy limiter may
     * use: {@code period / 100}.
     *
     * @return zero or more; never null
     */
    public Duration catchUpAllowance() {
        return Duration.ofNanos(catchUpMicros(period) * 1000);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RateLimit that && limit == that.limit && burst == that.burst && period.equals(that.period)
                && margin.equals(that.margin);
    }

    @Override
    public int hashCode() {
        return Objects.hash(limit, period, burst, margin);
    }

    /** @return e.g. {@code "100 per PT1S, burst 0, margin PT0.02S"} */
    @Override
    public String toString() {
        return limit + " per " + period + ", burst " + burst + ", margin " + margin;
    }

    private static long micros(Duration d) {
        return d.toNanos() / 1000;
    }

    private static long catchUpMicros(Duration period) {
        return micros(period) / 100;
    }

    private static Duration defaultMargin(Duration period) {
        return Duration.ofNanos(micros(period) / 50 * 1000);
    }

    private static long interval(Duration period, Duration margin, int limit) {
        long span = micros(period) + catchUpMicros(period) + micros(margin);
        return (span + limit - 1) / limit;
    }

    /** Builds a {@link RateLimit}; every setter checks its argument at once. Not thread-safe. */
    public static final class Builder {
        private int limit;
        private Duration period;
        private int burst = DEFAULT_BURST;
        private Duration margin;

        private Builder() {
        }

        /**
         * @param limit permits per period, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code limit} is less than 1
         */
        public Builder limit(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be at least 1, was " + limit);
            }
            this.limit = limit;
            return this;
        }

        /**
         * @param period the period the limit applies to: 1 microsecond to {@link RateLimit#MAX_PERIOD}
         * @return this builder
         * @throws NullPointerException     if {@code period} is null
         * @throws IllegalArgumentException if {@code period} is zero, negative, under 1 µs or over 30 days
         */
        public Builder period(Duration period) {
            Objects.requireNonNull(period, "period must not be null");
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("period must be positive, was " + period);
            }
            if (period.compareTo(MAX_PERIOD) > 0) {
                throw new IllegalArgumentException("period must be at most " + MAX_PERIOD + ", was " + period);
            }
            if (period.toNanos() < 1000) {
                throw new IllegalArgumentException("period must be at least 1 microsecond, was " + period);
            }
            this.period = period;
            return this;
        }

        /**
         * @param burst permits an idle caller may take at once on top of the first, 0 (the default) or more
         * @return this builder
         * @throws IllegalArgumentException if {@code burst} is negative
         */
        public Builder burst(int burst) {
            if (burst < 0) {
                throw new IllegalArgumentException("burst must not be negative, was " + burst);
            }
            this.burst = burst;
            return this;
        }

        /**
         * @param margin how late after its grant a permit may be used without any window of one period
         *               seeing more than {@code limit + burst} uses: zero up to the period (checked by
         *               {@link #build()}); default {@code period / 50}. Each ms of margin per second of
         *               period costs 0.1% of the rate.
         * @return this builder
         * @throws NullPointerException     if {@code margin} is null
         * @throws IllegalArgumentException if {@code margin} is negative
         */
        public Builder margin(Duration margin) {
            Objects.requireNonNull(margin, "margin must not be null");
            if (margin.isNegative()) {
                throw new IllegalArgumentException("margin must not be negative, was " + margin);
            }
            this.margin = margin;
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the rate limit; never null
         * @throws IllegalStateException    if the limit or the period was not set
         * @throws IllegalArgumentException if the margin is longer than the period, if
         *                                  {@code period / limit} is under 1 microsecond (over a
         *                                  million permits a second), or if the burst spans more than
         *                                  {@link RateLimit#MAX_PERIOD}
         */
        public RateLimit build() {
            if (limit == 0) {
                throw new IllegalStateException("limit must be set, e.g. RateLimit.custom().limit(100)");
            }
            if (period == null) {
                throw new IllegalStateException("period must be set, e.g. period(Duration.ofSeconds(1))");
            }
            if (margin != null && margin.compareTo(period) > 0) {
                throw new IllegalArgumentException("margin must be at most the period (" + period + "), was " + margin);
            }
            if (micros(period) < limit) {
                throw new IllegalArgumentException("limit " + limit + " per period " + period
                        + " is more than one permit per microsecond; use a longer period or a lower limit");
            }
            long interval = interval(period, margin != null ? margin : defaultMargin(period), limit);
            if ((double) interval * (burst + 1L) > micros(MAX_PERIOD)) {
                throw new IllegalArgumentException("burst " + burst + " at " + limit + " per " + period
                        + " spans more than " + MAX_PERIOD + "; use a smaller burst");
            }
            return new RateLimit(this);
        }
    }
}
