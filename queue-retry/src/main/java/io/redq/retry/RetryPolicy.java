package io.redq.retry;

import io.redq.NonRetryableException;
import io.redq.RetryLaterException;
import io.redq.retry.internal.Checks;
import io.redq.retry.internal.ErrorFilter;
import io.redq.retry.internal.Intervals;
import io.redq.retry.internal.RetryRules;
import io.redq.spi.Failure;
import io.redq.spi.FailureDecision;
import io.redq.spi.FailurePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A {@link FailurePolicy} with a maximum number of attempts, backoff delays (exponential or fixed,
 * with jitter) computed by Resilience4j's {@code IntervalFunction}, and retry-on / abort-on
 * exception rules. Immutable and thread-safe; build one with {@link #custom()} or take
 * {@link #ofDefaults()}:
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.custom()
 *         .maxAttempts(5)
 *         .exponentialBackoff(Duration.ofSeconds(1), 2.0, Duration.ofMinutes(10))
 *         .jitter(0.5)
 *         .retryOn(IOException.class)
 *         .abortOn(IllegalArgumentException.class)
 *         .build();
 * queue.worker(WorkerOptions.builder().failurePolicy(policy).build());
 * }</pre>
 *
 * <p>The rules, in this order, for the failure of attempt N:
 * <ol>
 *   <li>a {@link NonRetryableException} thrown or anywhere in the cause chain: dead-letter
 *       {@value #REASON_ABORTED};</li>
 *   <li>an error that is an instance of an {@code abortOn} type, or accepted by an {@code abortOn}
 *       predicate: {@value #REASON_ABORTED};</li>
 *   <li>an error that matches no {@code retryOn} type or predicate: {@value #REASON_ABORTED}. The
 *       default is every {@link Exception}, so an {@link Error} (e.g. {@code OutOfMemoryError},
 *       {@code StackOverflowError}, {@code AssertionError}) is dead-lettered at once: it points at
 *       the worker or the code, not at a passing condition, and an operator can requeue it. Add
 *       {@code retryOn(Throwable.class)} to retry errors too;</li>
 *   <li>N &gt;= {@link #maxAttempts()}: dead-letter {@value #REASON_EXHAUSTED};</li>
 *   <li>otherwise retry after {@link #delayFor(int) delayFor(N)}, or after
 *       {@link RetryLaterException#retryAfter()} when the error is (or is caused by) a
 *       {@code RetryLaterException}. That delay is used as given: no jitter, no cap.</li>
 * </ol>
 * A {@code RetryLaterException} is the handler's explicit request to retry, so rules 2 and 3 do not
 * apply to it (rule 4 does: it still counts as an attempt). Type and predicate rules look at the
 * thrown error only, not at its causes.
 *
 * <p>Different task types of one queue may use different policies through
 * {@link FailurePolicy#byType(java.util.Map, FailurePolicy)}.
 *
 * @since 0.1
 */
public final class RetryPolicy implements FailurePolicy {

    /** Dead-letter reason when the error cannot or must not be retried. */
    public static final String REASON_ABORTED = FailureDecision.REASON_ABORTED;
    /** Dead-letter reason when the last allowed attempt failed. */
    public static final String REASON_EXHAUSTED = FailureDecision.REASON_EXHAUSTED;
    /** Default attempts in all (the first one included): 5. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    /** Default first delay: 1 second. */
    public static final Duration DEFAULT_INITIAL_INTERVAL = Duration.ofSeconds(1);
    /** Default growth of the delay per attempt: 2.0. */
    public static final double DEFAULT_MULTIPLIER = 2.0;
    /** Default cap of the delay: 10 minutes. */
    public static final Duration DEFAULT_MAX_INTERVAL = Duration.ofMinutes(10);
    /** Default jitter (randomization factor): 0.5, i.e. each delay is drawn from [d/2, 3d/2). */
    public static final double DEFAULT_JITTER = 0.5;

    /** How the delay evolves from one attempt to the next. */
    public enum Backoff {
        /** The same base delay after every attempt. */
        FIXED,
        /** The base delay grows by the multiplier after every attempt, up to the max interval. */
        EXPONENTIAL
    }

    private final int maxAttempts;
    private final Backoff backoff;
    private final Duration initialInterval;
    private final double multiplier;
    private final Duration maxInterval;
    private final double jitter;
    private final ErrorFilter filter;
    private final RetryRules rules;

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.backoff = b.backoff;
        this.initialInterval = b.initialInterval;
        this.multiplier = b.backoff == Backoff.FIXED ? 1.0 : b.multiplier;
        this.maxInterval = b.backoff == Backoff.FIXED ? b.initialInterval : b.maxInterval;
        this.jitter = b.jitter;
        List<Class<? extends Throwable>> retryOn = b.retryOn.isEmpty() && b.retryIf.isEmpty()
                ? List.of(Exception.class) : b.retryOn;
        this.filter = new ErrorFilter(retryOn, b.retryIf, b.abortOn, b.abortIf);
        this.rules = new RetryRules(maxAttempts, backoff == Backoff.FIXED
                ? Intervals.fixed(initialInterval.toMillis(), jitter)
                : Intervals.exponential(initialInterval.toMillis(), multiplier, maxInterval.toMillis(), jitter),
                filter, REASON_ABORTED, REASON_EXHAUSTED);
    }

    /** A builder that starts from the defaults (see {@link #ofDefaults()}); never null. */
    public static Builder custom() {
        return new Builder();
    }

    /**
     * The default policy: {@value #DEFAULT_MAX_ATTEMPTS} attempts, exponential backoff from 1 s
     * doubling up to 10 min, jitter {@value #DEFAULT_JITTER}, retry on every {@link Exception},
     * abort on nothing but {@link NonRetryableException}. Never null.
     */
    public static RetryPolicy ofDefaults() {
        return custom().build();
    }

    /**
     * Applies the rules in the class comment.
     *
     * @param failure the failed attempt, not null
     * @return a retry or dead-letter decision, never null
     * @throws NullPointerException if failure is null
     * @throws RuntimeException     whatever a user {@code retryOn} / {@code abortOn} predicate throws
     *                              (the worker then dead-letters the task with reason "failed")
     */
    @Override
    public FailureDecision decide(Failure failure) {
        return rules.decide(Objects.requireNonNull(failure, "failure must not be null"));
    }

    /**
     * The backoff delay after the failure of attempt {@code attempt} (1-based: the first retry
     * waits {@code delayFor(1)}), as the interval function computes it. With jitter every call is a
     * fresh random draw. Handy for tests and for showing a schedule; {@link #decide} uses the same.
     *
     * @param attempt the attempt that failed, at least 1
     * @return the delay, never null, at least 0
     * @throws IllegalArgumentException if attempt is less than 1
     */
    public Duration delayFor(int attempt) {
        return rules.delayFor(attempt);
    }

    /** Attempts in all, the first one included; at least 1. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The backoff kind; never null. */
    public Backoff backoff() {
        return backoff;
    }

    /** The base delay after the first failed attempt (for fixed backoff: after every one); never null. */
    public Duration initialInterval() {
        return initialInterval;
    }

    /** Growth of the base delay per attempt; 1.0 for fixed backoff. */
    public double multiplier() {
        return multiplier;
    }

    /**
     * The cap of exponential backoff: no delay is longer, jitter included. For fixed backoff the
     * fixed interval (jitter may then exceed it). Never null.
     */
    public Duration maxInterval() {
        return maxInterval;
    }

    /** The randomization factor in [0, 1]: a base delay d becomes a draw from [d(1-j), d(1+j)). */
    public double jitter() {
        return jitter;
    }

    /** The retry-on types ({@code [Exception]} by default; empty if only predicates were given); unmodifiable. */
    public List<Class<? extends Throwable>> retryOn() {
        return filter.retryOn();
    }

    /** The abort-on types, possibly empty; unmodifiable. */
    public List<Class<? extends Throwable>> abortOn() {
        return filter.abortOn();
    }

    @Override
    public String toString() {
        String delays = backoff == Backoff.FIXED ? "fixed " + initialInterval
                : "exponential " + initialInterval + " x" + multiplier + " up to " + maxInterval;
        return "RetryPolicy{maxAttempts=" + maxAttempts + ", " + delays + ", jitter=" + jitter + ", " + filter + "}";
    }

    /**
     * Builds a {@link RetryPolicy}. Every setter checks its arguments at once and throws
     * {@link NullPointerException} (null) or {@link IllegalArgumentException} (out of range) naming
     * the field. Not thread-safe; {@link #build()} may be called more than once.
     *
     * @since 0.1
     */
    public static final class Builder {
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Backoff backoff = Backoff.EXPONENTIAL;
        private Duration initialInterval = DEFAULT_INITIAL_INTERVAL;
        private double multiplier = DEFAULT_MULTIPLIER;
        private Duration maxInterval = DEFAULT_MAX_INTERVAL;
        private double jitter = DEFAULT_JITTER;
        private final List<Class<? extends Throwable>> retryOn = new ArrayList<>();
        private final List<Predicate<? super Throwable>> retryIf = new ArrayList<>();
        private final List<Class<? extends Throwable>> abortOn = new ArrayList<>();
        private final List<Predicate<? super Throwable>> abortIf = new ArrayList<>();

        private Builder() {
        }

        /**
         * @param maxAttempts attempts in all, the first one included; at least 1 (1: never retry)
         * @return this builder
         * @throws IllegalArgumentException if maxAttempts is less than 1
         */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = Checks.atLeastOne(maxAttempts, "maxAttempts");
            return this;
        }

        /**
         * Exponential backoff: the base delay after attempt N is
         * {@code min(initialInterval * multiplier^(N-1), maxInterval)}, then jittered and capped again.
         *
         * @param initialInterval the first delay, at least 1 ms, not null
         * @param multiplier      growth per attempt, a finite number of at least 1.0
         * @param maxInterval     the cap, at least initialInterval, not null
         * @return this builder
         * @throws NullPointerException     if an interval is null
         * @throws IllegalArgumentException if a value is out of range
         */
        public Builder exponentialBackoff(Duration initialInterval, double multiplier, Duration maxInterval) {
            long initial = Checks.millis(initialInterval, "initialInterval");
            Checks.multiplier(multiplier, "multiplier");
            if (Checks.millis(maxInterval, "maxInterval") < initial) {
                throw new IllegalArgumentException("maxInterval must be at least initialInterval ("
                        + initialInterval + "), was " + maxInterval);
            }
            this.backoff = Backoff.EXPONENTIAL;
            this.initialInterval = initialInterval;
            this.multiplier = multiplier;
            this.maxInterval = maxInterval;
            return this;
        }

        /**
         * Fixed backoff: the same base delay after every attempt, then jittered.
         *
         * @param interval the delay, at least 1 ms, not null
         * @return this builder
         * @throws NullPointerException     if interval is null
         * @throws IllegalArgumentException if interval is shorter than 1 ms
         */
        public Builder fixedBackoff(Duration interval) {
            Checks.millis(interval, "interval");
            this.backoff = Backoff.FIXED;
            this.initialInterval = interval;
            return this;
        }

        /**
         * @param jitter randomization factor j in [0, 1]: a base delay d becomes a uniform draw from
         *               [d(1-j), d(1+j)); 0 turns jitter off
         * @return this builder
         * @throws IllegalArgumentException if jitter is outside [0, 1] or NaN
         */
        public Builder jitter(double jitter) {
            this.jitter = Checks.factor(jitter, "jitter");
            return this;
        }

        /**
         * Retries errors that are instances of one of these types. The first {@code retryOn} call
         * replaces the default (every {@link Exception}); later calls add to it.
         *
         * @param types one or more types, none null
         * @return this builder
         * @throws NullPointerException     if types or one of them is null
         * @throws IllegalArgumentException if no type is given
         */
        @SafeVarargs
        public final Builder retryOn(Class<? extends Throwable>... types) {
            retryOn.addAll(Checks.types(types, "retryOn"));
            return this;
        }

        /**
         * Retries errors the predicate accepts; replaces the default like {@link #retryOn(Class[])}.
         *
         * @param predicate not null; must be thread-safe and must not throw
         * @return this builder
         * @throws NullPointerException if predicate is null
         */
        public Builder retryOn(Predicate<? super Throwable> predicate) {
            retryIf.add(Objects.requireNonNull(predicate, "retryOn predicate must not be null"));
            return this;
        }

        /**
         * Dead-letters errors that are instances of one of these types at once, reason
         * {@value RetryPolicy#REASON_ABORTED}; wins over {@code retryOn}. Calls add up.
         *
         * @param types one or more types, none null
         * @return this builder
         * @throws NullPointerException     if types or one of them is null
         * @throws IllegalArgumentException if no type is given
         */
        @SafeVarargs
        public final Builder abortOn(Class<? extends Throwable>... types) {
            abortOn.addAll(Checks.types(types, "abortOn"));
            return this;
        }

        /**
         * Dead-letters errors the predicate accepts at once, like {@link #abortOn(Class[])}.
         *
         * @param predicate not null; must be thread-safe and must not throw
         * @return this builder
         * @throws NullPointerException if predicate is null
         */
        public Builder abortOn(Predicate<? super Throwable> predicate) {
            abortIf.add(Objects.requireNonNull(predicate, "abortOn predicate must not be null"));
            return this;
        }

        /** Builds the policy; never null. The builder may be changed and built again afterwards. */
        public RetryPolicy build() {
            return new RetryPolicy(this);
        }
    }
}
