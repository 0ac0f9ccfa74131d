package io.redq;

import io.redq.spi.FailurePolicy;
import io.redq.spi.FetchLimiter;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;

/**
 * Immutable settings of a {@link Worker}. {@code WorkerOptions.defaults()} or
 * {@code WorkerOptions.builder().concurrency(20).lease(Duration.ofSeconds(15)).build()}.
 *
 * @since 0.1
 */
public final class WorkerOptions {

    /** Default number of handlers that run at once. */
    public static final int DEFAULT_CONCURRENCY = 10;
    /** Default consumer lease; a worker silent for this long is considered dead. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
    /** Default time tasks in flight may finish during a graceful stop. */
    public static final Duration DEFAULT_SHUTDOWN_DEADLINE = Duration.ofSeconds(30);
    /** Default handler time limit. */
    public static final Duration DEFAULT_TASK_TIMEOUT = Duration.ofMinutes(5);
    /** Default number of deliveries without acknowledgement before a task is dead-lettered. */
    public static final int DEFAULT_DELIVERY_LIMIT = 5;
    /** Default time one blocking fetch waits on an empty queue (whole seconds). */
    public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(2);

    private final int concurrency;
    private final Duration lease;
    private final Duration shutdownDeadline;
    private final Duration taskTimeout;
    private final int deliveryLimit;
    private final Duration fetchTimeout;
    private final ExecutorService executor;
    private final FailurePolicy failurePolicy;
    private final FetchLimiter fetchLimiter;

    private WorkerOptions(Builder b) {
        this.concurrency = b.concurrency;
        this.lease = b.lease;
        this.shutdownDeadline = b.shutdownDeadline;
        this.taskTimeout = b.taskTimeout;
        this.deliveryLimit = b.deliveryLimit;
        this.fetchTimeout = b.fetchTimeout;
        this.executor = b.executor;
        this.failurePolicy = b.failurePolicy;
        this.fetchLimiter = b.fetchLimiter;
    }

    /** The defaults: see the {@code DEFAULT_*} constants; failure policy: dead-letter at once. */
    public static WorkerOptions defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder mutate() {
        Builder b = new Builder();
        b.concurrency = concurrency;
        b.lease = lease;
        b.shutdownDeadline = shutdownDeadline;
        b.taskTimeout = taskTimeout;
        b.deliveryLimit = deliveryLimit;
        b.fetchTimeout = fetchTimeout;
        b.executor = executor;
        b.failurePolicy = failurePolicy;
        b.fetchLimiter = fetchLimiter;
        return b;
    }

    /** How many handlers run at once. */
    public int concurrency() {
        return concurrency;
    }

    /** The consumer lease, renewed by heartbeat (see {@link #heartbeatInterval()}). */
    public Duration lease() {
        return lease;
    }

    /**
     * The heartbeat interval: a third of the lease, at most 10 seconds. Housekeeping (recovery of
     * dead consumers, the orphan check) runs on the same beat.
     */
    public Duration heartbeatInterval() {
        Duration third = lease.dividedBy(3);
        return third.compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : third;
    }

    /** How long tasks in flight may finish during a graceful stop. */
    public Duration shutdownDeadline() {
        return shutdownDeadline;
    }

    /** The handler time limit; a handler still running then is interrupted and the attempt fails. */
    public Duration taskTimeout() {
        return taskTimeout;
    }

    /** Deliveries without acknowledgement (worker crashes) after which a task is dead-lettered. */
    public int deliveryLimit() {
        return deliveryLimit;
    }

    /** How long one blocking fetch waits on an empty queue before it is issued again. */
    public Duration fetchTimeout() {
        return fetchTimeout;
    }

    /** The user's executor that runs handlers, or null to let the worker own a thread pool. */
    public ExecutorService executor() {
        return executor;
    }

    /** The policy asked when a handler fails, or null for the default (dead-letter at once). */
    public FailurePolicy failurePolicy() {
        return failurePolicy;
    }

    /** The limiter asked for permits before every fetch (a queue rate limit), or null for none. */
    public FetchLimiter fetchLimiter() {
        return fetchLimiter;
    }

    /** Builds {@link WorkerOptions}; every setter checks its argument at once. */
    public static final class Builder {
        private int concurrency = DEFAULT_CONCURRENCY;
        private Duration lease = DEFAULT_LEASE;
        private Duration shutdownDeadline = DEFAULT_SHUTDOWN_DEADLINE;
        private Duration taskTimeout = DEFAULT_TASK_TIMEOUT;
        private int deliveryLimit = DEFAULT_DELIVERY_LIMIT;
        private Duration fetchTimeout = DEFAULT_FETCH_TIMEOUT;
        private ExecutorService executor;
        private FailurePolicy failurePolicy;
        private FetchLimiter fetchLimiter;

        private Builder() {
        }

        /** @param concurrency handlers at once, 1 to 10,000 */
        public Builder concurrency(int concurrency) {
            if (concurrency < 1 || concurrency > 10_000) {
                throw new IllegalArgumentException("concurrency must be between 1 and 10000, was " + concurrency);
            }
            this.concurrency = concurrency;
            return this;
        }

        /** @param lease consumer lease, at least 1 second */
        public Builder lease(Duration lease) {
            this.lease = atLeast(lease, Duration.ofSeconds(1), "lease");
            return this;
        }

        /** @param deadline graceful-stop deadline, zero or more */
        public Builder shutdownDeadline(Duration deadline) {
            this.shutdownDeadline = atLeast(deadline, Duration.ZERO, "shutdownDeadline");
            return this;
        }

        /** @param timeout handler time limit, at least 1 millisecond */
        public Builder taskTimeout(Duration timeout) {
            this.taskTimeout = atLeast(timeout, Duration.ofMillis(1), "taskTimeout");
            return this;
        }

        /** @param limit deliveries without acknowledgement before dead-letter, 1 to 1,000 */
        public Builder deliveryLimit(int limit) {
            if (limit < 1 || limit > 1000) {
                throw new IllegalArgumentException("deliveryLimit must be between 1 and 1000, was " + limit);
            }
            this.deliveryLimit = limit;
            return this;
        }

        /**
         * @param timeout blocking fetch wait: whole seconds, 1 s to 1 minute (the Redis client sends
         *                blocking timeouts in seconds)
         */
        public Builder fetchTimeout(Duration timeout) {
            atLeast(timeout, Duration.ofSeconds(1), "fetchTimeout");
            if (timeout.compareTo(Duration.ofMinutes(1)) > 0 || timeout.toMillis() % 1000 != 0) {
                throw new IllegalArgumentException("fetchTimeout must be a whole number of seconds up to 1 minute, was "
                        + timeout);
            }
            this.fetchTimeout = timeout;
            return this;
        }

        /**
         * Runs handlers on the user's executor (e.g. {@code Executors.newVirtualThreadPerTaskExecutor()}
         * on Java 21+). The worker never shuts it down. Null lets the worker own a fork-join pool
         * of {@code concurrency} threads.
         */
        public Builder executor(ExecutorService executor) {
            this.executor = executor;
            return this;
        }

        /** The failure policy; null for the default (dead-letter at once). */
        public Builder failurePolicy(FailurePolicy policy) {
            this.failurePolicy = policy;
            return this;
        }

        /** Asks this limiter for permits before every fetch (e.g. a queue rate limit); null for none. */
        public Builder fetchLimiter(FetchLimiter limiter) {
            this.fetchLimiter = limiter;
            return this;
        }

        /**
         * Builds the options.
         *
         * @throws IllegalArgumentException if the fetch timeout is longer than half the lease (a blocking
         *                                  fetch must end before the lease it was issued under)
         */
        public WorkerOptions build() {
            if (fetchTimeout.compareTo(lease.dividedBy(2)) > 0) {
                throw new IllegalArgumentException("fetchTimeout (" + fetchTimeout
                        + ") must be at most half the lease (" + lease + ")");
            }
            return new WorkerOptions(this);
        }

        private static Duration atLeast(Duration value, Duration min, String name) {
            Objects.requireNonNull(value, name + " must not be null");
            if (value.compareTo(min) < 0) {
                throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
            }
            return value;
        }
    }
}
