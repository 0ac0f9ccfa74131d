/**
 * Redis-backed rate and concurrency limits for redq, cluster-wide and in Redis server time.
 * Start at {@link io.redq.ratelimit.Limits}:
 * <ul>
 *   <li>a queue rate limit ({@link io.redq.ratelimit.Limits#forQueue}) plugs into
 *       {@link io.redq.WorkerOptions.Builder#fetchLimiter(io.redq.spi.FetchLimiter)}: workers take a
 *       permit before they fetch, so a held-back task stays in the ready list;</li>
 *   <li>a key rate limit ({@link io.redq.ratelimit.RateLimiter#acquire()}) is used inside a handler
 *       and reschedules the task without spending an attempt when over the limit;</li>
 *   <li>a concurrency limit ({@link io.redq.ratelimit.ConcurrencyLimiter#guard}) holds a leased
 *       permit while a task runs; a killed JVM's permit comes back when its lease ends.</li>
 * </ul>
 * Settings are immutable and built Resilience4j style ({@link io.redq.ratelimit.RateLimit#custom()},
 * {@link io.redq.ratelimit.ConcurrencyLimit#custom()}); events through
 * {@link io.redq.ratelimit.LimiterEvents}. See {@code docs/rate-limiting.md} for the algorithms,
 * and why Redisson's own limiters are not used.
 *
 * @since 0.1
 */
package io.redq.ratelimit;
