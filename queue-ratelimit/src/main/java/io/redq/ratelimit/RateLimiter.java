package io.redq.ratelimit;

import io.redq.RescheduleException;
import io.redq.TaskHandler;
import io.redq.spi.FetchLimiter;

/**
 * A cluster-wide rate limit: one small Redis key per limiter, decided by one Lua script in Redis
 * server time (GCRA), so any number of JVMs share it and their clocks do not matter. Get one from
 * {@link Limits#rate(String, RateLimit)} or {@link Limits#queueRate(String, RateLimit)}.
 *
 * <p>Three ways to use it:
 * <ul>
 *   <li>as a queue rate limit: {@code WorkerOptions.builder().fetchLimiter(limiter.asFetchLimiter())};
 *       workers take permits before they fetch, so tasks held back stay in the ready list;</li>
 *   <li>inside a handler: {@link #acquire()} throws {@link RescheduleException} when over the
 *       limit, so the task runs again later without spending an attempt;</li>
 *   <li>directly: {@link #tryAcquire()} / {@link #tryAcquire(int)}.</li>
 * </ul>
 *
 * <p>Thread-safe. Every method that talks to Redis throws the Redis client's
 * {@code RedisException} when Redis cannot be reached.
 *
 * @since 0.1
 */
public interface RateLimiter {

    /** @return the limiter's name; never null */
    String name();

    /** @return its settings; never null */
    RateLimit limit();

    /**
     * Takes one permit if one is free now.
     *
     * @return true if a permit was taken
     */
    boolean tryAcquire();

    /**
     * Takes as many permits as are free now, up to {@code max}: {@code 1 + burst} from an idle limiter;
     * from a busy one, what has come due, at most what the catch-up allowance holds (see
     * {@link RateLimit}), e.g. 1 at 100 a second and 99 at 10,000 a second.
     *
     * @param max 1 or more
     * @return the permits taken, and when none, the exact time until the next one is due; never null
     * @throws IllegalArgumentException if {@code max} is less than 1
     */
    FetchLimiter.Grant tryAcquire(int max);

    /**
     * For a handler: takes one permit, or throws {@link RescheduleException} with the time until the
     * caller's turn when over the limit, so the worker runs the task again then without spending an
     * attempt. Callers turned away are handed turns one emission interval apart, so a backlog of
     * held-back tasks comes back at the limit's pace rather than all at once.
     *
     * @throws RescheduleException when no permit is free now
     */
    void acquire() throws RescheduleException;

    /**
     * Wraps a handler so that every task takes a permit first ({@link #acquire()}), e.g.
     * {@code worker.handle("call-api", Call.class, apiLimit.guard(this::call))}.
     *
     * @param handler the handler to run once a permit is taken; not null
     * @param <T>     the payload type
     * @return the wrapped handler; never null
     */
    <T> TaskHandler<T> guard(TaskHandler<T> handler);

    /**
     * This limiter as a worker's fetch limiter: a worker asks it before every fetch and fetches only
     * what was granted. Short waits (up to a few tens of ms) are waited out inside
     * {@link FetchLimiter#acquire(int)} with sub-millisecond precision; permits a fetch did not use
     * are given back when nobody took a permit since.
     *
     * @return the fetch limiter (the same instance on every call); never null
     */
    FetchLimiter asFetchLimiter();

    /** @return where to register listeners for this limiter's events; never null */
    LimiterEvents events();
}
