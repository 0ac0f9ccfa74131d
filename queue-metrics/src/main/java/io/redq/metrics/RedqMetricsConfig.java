package io.redq.metrics;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of {@link QueueMetrics} and {@link WorkerMetrics}:
 * {@code RedqMetricsConfig.custom().statsCacheTtl(Duration.ofSeconds(5)).tags("app", "billing").build()}.
 * Every setter checks its argument at once.
 *
 * @since 0.1
 */
public final class RedqMetricsConfig {

    /** Default time one read of the queue counts serves the gauges. */
    public static final Duration DEFAULT_STATS_CACHE_TTL = Duration.ofSeconds(1);
    /** Longest accepted stats cache time. */
    public static final Duration MAX_STATS_CACHE_TTL = Duration.ofMinutes(10);
    /** Default number of distinct task types tagged; further types are tagged {@value #OTHER_TYPE}. */
    public static final int DEFAULT_MAX_TASK_TYPES = 100;
    /** The type tag given to task types beyond {@link #maxTaskTypes()}. */
    public static final String OTHER_TYPE = "other";

    private static final RedqMetricsConfig DEFAULTS = custom().build();

    private final Duration statsCacheTtl;
    private final Tags tags;
    private final int maxTaskTypes;

    private RedqMetricsConfig(Builder b) {
        this.statsCacheTtl = b.statsCacheTtl;
        this.tags = b.tags;
        this.maxTaskTypes = b.maxTaskTypes;
    }

    /** The defaults: a 1 s stats cache, no extra tags, at most 100 task types. */
    public static RedqMetricsConfig ofDefaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder custom() {
        return new Builder();
    }

    /** How long one read of {@code TaskQueue.stats()} serves every gauge of the queue; zero for no cache. */
    public Duration statsCacheTtl() {
        return statsCacheTtl;
    }

    /** Extra tags put on every meter (e.g. the application name); never null. */
    public Tags tags() {
        return tags;
    }

    /** How many distinct task types get their own tag value before the rest share {@value #OTHER_TYPE}. */
    public int maxTaskTypes() {
        return maxTaskTypes;
    }

    @Override
    public String toString() {
        return "RedqMetricsConfig{statsCacheTtl=" + statsCacheTtl + ", tags=" + tags + ", maxTaskTypes="
                + maxTaskTypes + "}";
    }

    /** Builds {@link RedqMetricsConfig}. */
    public static final class Builder {
        private Duration statsCacheTtl = DEFAULT_STATS_CACHE_TTL;
        private Tags tags = Tags.empty();
        private int maxTaskTypes = DEFAULT_MAX_TASK_TYPES;

        private Builder() {
        }

        /**
         * @param ttl how long one stats read serves the gauges, zero to {@link #MAX_STATS_CACHE_TTL}
         * @return this builder
         * @throws NullPointerException     if ttl is null
         * @throws IllegalArgumentException if ttl is negative or too long
         */
        public Builder statsCacheTtl(Duration ttl) {
            Objects.requireNonNull(ttl, "statsCacheTtl must not be null");
            if (ttl.isNegative() || ttl.compareTo(MAX_STATS_CACHE_TTL) > 0) {
                throw new IllegalArgumentException("statsCacheTtl must be between 0 and " + MAX_STATS_CACHE_TTL
                        + ", was " + ttl);
            }
            this.statsCacheTtl = ttl;
            return this;
        }

        /**
         * @param tags extra tags for every meter, not null; replaces earlier ones
         * @return this builder
         * @throws NullPointerException if tags is null
         */
        public Builder tags(Iterable<Tag> tags) {
            this.tags = Tags.of(Objects.requireNonNull(tags, "tags must not be null"));
            return this;
        }

        /**
         * @param keyValues extra tags as key, value, key, value...; replaces earlier ones
         * @return this builder
         * @throws IllegalArgumentException if the number of strings is odd
         */
        public Builder tags(String... keyValues) {
            Objects.requireNonNull(keyValues, "tags must not be null");
            if (keyValues.length % 2 != 0) {
                throw new IllegalArgumentException("tags must be key/value pairs, got " + keyValues.length
                        + " strings");
            }
            this.tags = Tags.of(keyValues);
            return this;
        }

        /**
         * @param max distinct task types tagged by name, 1 to 10,000
         * @return this builder
         * @throws IllegalArgumentException if max is out of range
         */
        public Builder maxTaskTypes(int max) {
            if (max < 1 || max > 10_000) {
                throw new IllegalArgumentException("maxTaskTypes must be between 1 and 10000, was " + max);
            }
            this.maxTaskTypes = max;
            return this;
        }

        /** Builds the settings. */
        public RedqMetricsConfig build() {
            return new RedqMetricsConfig(this);
        }
    }
}
