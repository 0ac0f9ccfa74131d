package io.redq.ratelimit;

import io.redq.RescheduleException;
import io.redq.core.RedQ;
import io.redq.ratelimit.internal.RedisLimits;
import io.redq.spi.FetchLimiter;
import java.time.Duration;
import java.util.Objects;

/**
 * The entry point of {@code queue-ratelimit}: hands out cluster-wide rate and concurrency limiters
 * that live in the Redis of a {@link RedQ}. Limiters are named; the same name gives the same
 * instance, and the same Redis state in every JVM.
 *
 * <pre>{@code
 * try (Limits limits = Limits.of(redq)) {
 *     // queue rate: at most 100 tasks a second start from "emails", over all workers
 *     WorkerOptions options = WorkerOptions.builder()
 *             .fetchLimiter(limits.forQueue("emails", RateLimit.of(100, Duration.ofSeconds(1))))
 *             .build();
 *     // key rate inside a handler: at most 10 calls a second to one API host
 *     limits.rate("api.example.com", 10, Duration.ofSeconds(1));
 *     worker.handle("call", Call.class, (call, ctx) -> {
 *         limits.acquire("api.example.com"); // over the limit: rescheduled, no attempt spent
 *         api.call(call);
 *     });
 *     // concurrency: at most 3 encodes at once, cluster-wide
 *     worker.handle("encode", Video.class,
 *             limits.concurrency("video-encode", ConcurrencyLimit.of(3)).guard(this::encode));
 * }
 * }</pre>
 *
 * <p>Keys: {@code <prefix>:limit:{<name>}:rate}, {@code <prefix>:limit:{<name>}:concurrency} and,
 * for a queue's rate, {@code <prefix>:{<queue>}:rate} next to the queue's own keys. Every key has a
 * TTL and disappears once it no longer matters.
 *
 * <p>Thread-safe. Closing it stops lease renewals and gives back the concurrency permits still
 * held; it leaves the {@link RedQ} open.
 *
 * @since 0.1
 */
public interface Limits extends AutoCloseable {

    /**
     * Limits in the Redis of {@code redq}, with the default key prefix {@link RedQ#DEFAULT_PREFIX}.
     *
     * @param redq the connection; not null
     * @return the limits; never null
     */
    static Limits of(RedQ redq) {
        return of(redq, RedQ.DEFAULT_PREFIX);
    }

    /**
     * Limits in the Redis of {@code redq} under a key prefix; use the prefix the {@link RedQ} was
     * built with, so a queue's rate key sits next to the queue's keys.
     *
     * @param redq      the connection; not null
     * @param keyPrefix non-empty, no braces or spaces
     * @return the limits; never null
     * @throws IllegalArgumentException if the prefix is invalid
     */
    static Limits of(RedQ redq, String keyPrefix) {
        Objects.requireNonNull(redq, "redq must not be null");
        return new RedisLimits(redq.redisson(), keyPrefix);
    }

    /**
     * The rate limiter with this name, created with {@code limit} on the first call.
     *
     * @param name  e.g. {@code "api.example.com"}: 1 to 200 characters, no braces, whitespace or
     *              control characters
     * @param limit its settings; not null
     * @return the limiter (the same instance for the same name); never null
     * @throws IllegalArgumentException if the name is invalid
     * @throws IllegalStateException    if this name is already in use with other settings
     */
    RateLimiter rate(String name, RateLimit limit);

    /**
     * Shorthand for {@code rate(name, RateLimit.of(limit, period))}.
     *
     * @param name   see {@link #rate(String, RateLimit)}
     * @param limit  permits per period, at least 1
     * @param period positive
     * @return the limiter; never null
     * @throws IllegalArgumentException if an argument is invalid
     * @throws IllegalStateException    if this name is already in use with other settings
     */
    default RateLimiter rate(String name, int limit, Duration period) {
        return rate(name, RateLimit.of(limit, period));
    }

    /**
     * The rate limiter created earlier with {@link #rate(String, RateLimit)}.
     *
     * @param name its name
     * @return the limiter; never null
     * @throws IllegalArgumentException if no rate limiter of this name was created
     */
    RateLimiter rate(String name);

    /**
     * For a handler: takes one permit of the rate limiter {@code name} (see {@link #rate(String)}),
     * or throws {@link RescheduleException} so the task runs again later without spending an attempt.
     *
     * @param name a limiter created with {@link #rate(String, RateLimit)}
     * @throws RescheduleException      when over the limit
     * @throws IllegalArgumentException if no rate limiter of this name was created
     */
    default void acquire(String name) throws RescheduleException {
        rate(name).acquire();
    }

    /**
     * The rate limiter of a queue; its key sits in the queue's hash slot ({@code <prefix>:{<queue>}:rate}).
     *
     * @param queue the queue name
     * @param limit its settings; not null
     * @return the limiter (the same instance for the same queue); never null
     * @throws IllegalArgumentException if the queue name is invalid
     * @throws IllegalStateException    if this queue already has a limiter with other settings
     */
    RateLimiter queueRate(String queue, RateLimit limit);

    /**
     * A queue rate limit for {@code WorkerOptions.builder().fetchLimiter(...)}: shorthand for
     * {@code queueRate(queue, limit).asFetchLimiter()}.
     *
     * @param queue the queue name
     * @param limit its settings; not null
     * @return the fetch limiter; never null
     * @throws IllegalArgumentException if the queue name is invalid
     * @throws IllegalStateException    if this queue already has a limiter with other settings
     */
    default FetchLimiter forQueue(String queue, RateLimit limit) {
        return queueRate(queue, limit).asFetchLimiter();
    }

    /**
     * The concurrency limiter with this name, created with {@code limit} on the first call.
     *
     * @param name  e.g. {@code "video-encode"}; same rules as for {@link #rate(String, RateLimit)}
     * @param limit its settings; not null
     * @return the limiter (the same instance for the same name); never null
     * @throws IllegalArgumentException if the name is invalid
     * @throws IllegalStateException    if this name is already in use with other settings
     */
    ConcurrencyLimiter concurrency(String name, ConcurrencyLimit limit);

    /**
     * The concurrency limiter created earlier with {@link #concurrency(String, ConcurrencyLimit)}.
     *
     * @param name its name
     * @return the limiter; never null
     * @throws IllegalArgumentException if no concurrency limiter of this name was created
     */
    ConcurrencyLimiter concurrency(String name);

    /**
     * Stops lease renewals and gives back every concurrency permit still held (best effort: one Redis
     * cannot reach comes free when its lease ends). Calling it again does nothing.
     */
    @Override
    void close();
}
