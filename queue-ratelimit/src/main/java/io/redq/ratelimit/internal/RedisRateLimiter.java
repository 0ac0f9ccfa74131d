package io.redq.ratelimit.internal;

import io.redq.RescheduleException;
import io.redq.TaskHandler;
import io.redq.ratelimit.LimiterEvent;
import io.redq.ratelimit.LimiterEvents;
import io.redq.ratelimit.RateLimit;
import io.redq.ratelimit.RateLimiter;
import io.redq.spi.FetchLimiter;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A rate limiter on one Redis key: every decision is one call of {@code takePermits-1.lua} (GCRA in
 * server time), so no JVM clock is read and the state stays two numbers whatever the rate.
 */
final class RedisRateLimiter implements RateLimiter {

    /** The answer of one script call: permits granted, µs to wait when none, and the tat left behind. */
    record Take(int granted, long waitMicros, long tat) {
    }

    private final String name;
    private final RateLimit limit;
    private final String key;
    private final LimitScripts scripts;
    private final long intervalMicros;
    private final long toleranceMicros;
    private final long catchUpMicros;
    private final EventPublisher events;
    private final FetchLimiter fetchLimiter;

    RedisRateLimiter(String name, RateLimit limit, String key, LimitScripts scripts) {
        this.name = name;
        this.limit = limit;
        this.key = key;
        this.scripts = scripts;
        this.intervalMicros = limit.emissionInterval().toNanos() / 1000;
        this.toleranceMicros = limit.tolerance().toNanos() / 1000;
        this.catchUpMicros = limit.catchUpAllowance().toNanos() / 1000;
        this.events = new EventPublisher(name);
        this.fetchLimiter = new GcraFetchLimiter(this);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RateLimit limit() {
        return limit;
    }

    @Override
    public boolean tryAcquire() {
        return tryAcquire(1).permits() == 1;
    }

    @Override
    public FetchLimiter.Grant tryAcquire(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        Take t = take(max, false);
        if (t.granted() > 0) {
            acquired(t.granted());
            return FetchLimiter.Grant.of(t.granted());
        }
        Duration wait = Duration.ofNanos(t.waitMicros() * 1000);
        denied(max, wait);
        return FetchLimiter.Grant.waitFor(wait);
    }

    @Override
    public void acquire() throws RescheduleException {
        Take t = take(1, true);
        if (t.granted() > 0) {
            acquired(1);
            return;
        }
        // whole ms, rounded up: a task that came back early would be turned away again
        Duration wait = Duration.ofMillis((t.waitMicros() + 999) / 1000);
        denied(1, wait);
        throw new RescheduleException("rate limit '" + name + "' (" + limit + ") reached; runs again in "
                + wait.toMillis() + " ms", wait);
    }

    @Override
    public <T> TaskHandler<T> guard(TaskHandler<T> handler) {
        Objects.requireNonNull(handler, "handler must not be null");
        return (payload, ctx) -> {
            acquire();
            handler.handle(payload, ctx);
        };
    }

    @Override
    public FetchLimiter asFetchLimiter() {
        return fetchLimiter;
    }

    @Override
    public LimiterEvents events() {
        return events;
    }

    /** One call of takePermits-1.lua; {@code queue}: a caller turned away takes the next retry slot. */
    Take take(int max, boolean queue) {
        List<Long> r = scripts.run(LimitScripts.Script.TAKE_PERMITS, key, intervalMicros, toleranceMicros, max,
                queue ? 1 : 0, catchUpMicros);
        return new Take(r.get(0).intValue(), Math.max(0, r.get(1)), r.get(2));
    }

    /** Gives back unused permits if the state is still the one the grant left behind ({@code tat}). */
    boolean giveBack(long tat, int permits) {
        Long given = scripts.run(LimitScripts.Script.RETURN_PERMITS, key, tat, permits, intervalMicros, catchUpMicros);
        return given != null && given == 1L;
    }

    void acquired(int permits) {
        events.publish(LimiterEvent.Kind.ACQUIRED, permits, Duration.ZERO, null);
    }

    void denied(int permits, Duration wait) {
        events.publish(LimiterEvent.Kind.DENIED, permits, wait, null);
    }

    @Override
    public String toString() {
        return "RateLimiter[" + name + ", " + limit + "]";
    }
}
