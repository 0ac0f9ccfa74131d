package io.redq.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits how many tasks a worker may take, before it takes them: a worker asks for permits and
 * fetches only as many tasks as it was granted, so a task held back by a limit stays in the ready
 * list, not in an active list. {@code queue-ratelimit} supplies cluster-wide implementations.
 *
 * <p>Called from the worker's fetch thread only; implementations must still be thread-safe if
 * shared between workers.
 *
 * @since 0.1
 */
public interface FetchLimiter {

    /**
     * Asks for up to {@code max} permits.
     *
     * @param max 1 or more
     * @return the grant: how many tasks may be fetched now, and when none, how long to wait before
     *         asking again (the worker sleeps that long; it does not poll)
     * @throws RuntimeException the Redis client's error when the limiter's state cannot be reached
     */
    Grant acquire(int max);

    /**
     * Gives back permits that were granted but not used because the queue held fewer tasks.
     * Implementations that cannot give back may ignore it.
     *
     * @param unused 1 or more
     */
    default void release(int unused) {
    }

    /**
     * The answer to {@link #acquire(int)}.
     *
     * @param permits    tasks that may be fetched now, 0 to the number asked for
     * @param retryAfter when {@code permits} is 0, how long to wait before asking again; not null
     */
    record Grant(int permits, Duration retryAfter) {

        /** Validates the grant. */
        public Grant {
            Objects.requireNonNull(retryAfter, "retryAfter must not be null");
            if (permits < 0) {
                throw new IllegalArgumentException("permits must not be negative, was " + permits);
            }
            if (retryAfter.isNegative()) {
                throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
            }
        }

        /** A grant of {@code permits} now. */
        public static Grant of(int permits) {
            return new Grant(permits, Duration.ZERO);
        }

        /** No permit now; ask again after {@code retryAfter}. */
        public static Grant waitFor(Duration retryAfter) {
            return new Grant(0, retryAfter);
        }
    }
}
