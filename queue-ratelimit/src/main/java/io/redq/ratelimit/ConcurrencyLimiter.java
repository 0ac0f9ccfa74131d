package io.redq.ratelimit;

import io.redq.RescheduleException;
import io.redq.TaskHandler;
import java.util.Optional;

/**
 * "At most K of these at once, cluster-wide": a distributed semaphore whose permits are tied to the
 * holder's lease, in Redis server time. A holder renews its lease while its task runs; a JVM killed
 * with -9 stops renewing and its permit comes free when the lease ends, so permits never leak. Get
 * one from {@link Limits#concurrency(String, ConcurrencyLimit)}.
 *
 * <pre>{@code
 * ConcurrencyLimiter encodes = limits.concurrency("video-encode", ConcurrencyLimit.of(3));
 * worker.handle("encode", Video.class, encodes.guard((video, ctx) -> encoder.encode(video)));
 * }</pre>
 *
 * <p>Thread-safe. Every method that talks to Redis throws the Redis client's
 * {@code RedisException} when Redis cannot be reached.
 *
 * @since 0.1
 */
public interface ConcurrencyLimiter {

    /** @return the limiter's name; never null */
    String name();

    /** @return its settings; never null */
    ConcurrencyLimit limit();

    /**
     * Takes a permit if one is free now.
     *
     * @return the permit, to be closed when done; empty if all are held
     */
    Optional<Permit> tryAcquire();

    /**
     * For a handler: takes a permit, waiting up to {@link ConcurrencyLimit#maxWait()} for one to
     * come free; when none does, throws {@link RescheduleException} so the worker runs the task
     * again after {@link ConcurrencyLimit#rescheduleAfter()} without spending an attempt.
     *
     * @return the permit, to be closed when done; never null
     * @throws RescheduleException  when no permit came free in time
     * @throws InterruptedException if the thread was interrupted while waiting
     */
    Permit acquire() throws InterruptedException;

    /**
     * Wraps a handler so that every task holds a permit while it runs, e.g.
     * {@code worker.handle("encode", Video.class, encodes.guard(this::encode))}.
     *
     * @param handler the handler to run while holding a permit; not null
     * @param <T>     the payload type
     * @return the wrapped handler; never null
     */
    <T> TaskHandler<T> guard(TaskHandler<T> handler);

    /**
     * How many permits are held now, cluster-wide, not counting holders whose lease has ended.
     *
     * @return 0 to {@link ConcurrencyLimit#permits()} (more only if the limit was lowered meanwhile)
     */
    int held();

    /** @return where to register listeners for this limiter's events; never null */
    LimiterEvents events();
}
