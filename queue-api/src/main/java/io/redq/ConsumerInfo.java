package io.redq;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One consumer (one running worker, in any JVM) of a queue as Redis sees it: its lease and the
 * tasks it holds. Read with {@link TaskQueue#consumers()}; lease times are Redis server time.
 *
 * @param id             the consumer id, {@code <host>-<pid>-<random>}
 * @param leaseExpiresAt when its lease runs out (Redis server time), unless renewed by its heartbeat
 * @param leaseLeft      time left on the lease when it was read; zero or negative once it has expired
 *                       (the consumer is gone or stalled, and a live worker will recover its tasks)
 * @param inFlight       tasks in its active list: taken and not yet finished
 * @since 0.1
 */
public record ConsumerInfo(String id, Instant leaseExpiresAt, Duration leaseLeft, long inFlight) {

    /** Validates the record. */
    public ConsumerInfo {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(leaseExpiresAt, "leaseExpiresAt must not be null");
        Objects.requireNonNull(leaseLeft, "leaseLeft must not be null");
    }

    /** True while the lease had time left when it was read. */
    public boolean alive() {
        return !leaseLeft.isNegative() && !leaseLeft.isZero();
    }
}
