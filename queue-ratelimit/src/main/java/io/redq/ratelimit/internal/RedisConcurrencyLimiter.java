package io.redq.ratelimit.internal;

import io.redq.RescheduleException;
import io.redq.TaskHandler;
import io.redq.ratelimit.ConcurrencyLimit;
import io.redq.ratelimit.ConcurrencyLimiter;
import io.redq.ratelimit.LimiterEvent;
import io.redq.ratelimit.LimiterEvents;
import io.redq.ratelimit.Permit;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A distributed semaphore on one sorted set of holders scored by lease end (server time). Taking a
 * permit evicts holders whose lease ended, so a dead JVM's permit comes back by itself; live holders
 * renew through {@link HeldPermit}. Waiting for a permit polls with a backoff from 10 to 200 ms.
 */
final class RedisConcurrencyLimiter implements ConcurrencyLimiter {

    private static final long MIN_BACKOFF_MS = 10;
    private static final long MAX_BACKOFF_MS = 200;

    private final String name;
    private final ConcurrencyLimit limit;
    private final String key;
    private final LimitScripts scripts;
    private final Renewals renewals;
    private final EventPublisher events;

    RedisConcurrencyLimiter(String name, ConcurrencyLimit limit, String key, LimitScripts scripts, Renewals renewals) {
        this.name = name;
        this.limit = limit;
        this.key = key;
        this.scripts = scripts;
        this.renewals = renewals;
        this.events = new EventPublisher(name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ConcurrencyLimit limit() {
        return limit;
    }

    @Override
    public Optional<Permit> tryAcquire() {
        String holder = HolderIds.next();
        long waitMs = attempt(holder);
        if (waitMs < 0) {
            return Optional.of(held(holder));
        }
        events.publish(LimiterEvent.Kind.DENIED, 1, Duration.ofMillis(waitMs), holder);
        return Optional.empty();
    }

    @Override
    public Permit acquire() throws InterruptedException {
        String holder = HolderIds.next();
        long deadline = System.nanoTime() + limit.maxWait().toNanos();
        long backoff = MIN_BACKOFF_MS;
        while (true) {
            long waitMs = attempt(holder);
            if (waitMs < 0) {
                return held(holder);
            }
            long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (leftMs <= 0) {
                Duration after = rescheduleDelay();
                events.publish(LimiterEvent.Kind.DENIED, 1, after, holder);
                throw new RescheduleException("concurrency limit '" + name + "' is full (all " + limit.permits()
                        + " permits held); runs again in " + after.toMillis() + " ms", after);
            }
            Thread.sleep(Math.max(1, Math.min(Math.min(backoff, leftMs), waitMs)));
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
    }

    @Override
    public <T> TaskHandler<T> guard(TaskHandler<T> handler) {
        Objects.requireNonNull(handler, "handler must not be null");
        return (payload, ctx) -> {
            try (Permit permit = acquire()) {
                handler.handle(payload, ctx);
            }
        };
    }

    @Override
    public int held() {
        Long n = scripts.run(LimitScripts.Script.COUNT_HOLDERS, key);
        return n == null ? 0 : n.intValue();
    }

    @Override
    public LimiterEvents events() {
        return events;
    }

    /** One call of acquireLease-1.lua: -1 if {@code holder} holds a permit now, else ms until the soonest lease ends. */
    private long attempt(String holder) {
        List<Long> r = scripts.run(LimitScripts.Script.ACQUIRE_LEASE, key, holder, limit.permits(),
                limit.lease().toMillis());
        return r.get(0) == 1L ? -1 : Math.max(0, r.get(1));
    }

    private Permit held(String holder) {
        HeldPermit permit = new HeldPermit(this, holder);
        try {
            renewals.start(permit, limit.renewInterval());
        } catch (IllegalStateException closed) {
            release(holder);
            throw closed;
        }
        events.publish(LimiterEvent.Kind.ACQUIRED, 1, Duration.ZERO, holder);
        return permit;
    }

    /** The configured delay plus up to a quarter more, so tasks turned away together do not come back together. */
    private Duration rescheduleDelay() {
        long ms = limit.rescheduleAfter().toMillis();
        return Duration.ofMillis(ms + ThreadLocalRandom.current().nextLong(ms / 4 + 1));
    }

    /** @return true if the lease was renewed, false if the holder no longer holds a permit */
    boolean renew(String holder) {
        Long renewed = scripts.run(LimitScripts.Script.RENEW_LEASE, key, holder, limit.lease().toMillis());
        return renewed != null && renewed == 1L;
    }

    void release(String holder) {
        scripts.run(LimitScripts.Script.RELEASE_LEASE, key, holder);
        events.publish(LimiterEvent.Kind.RELEASED, 1, Duration.ZERO, holder);
    }

    void leaseLost(String holder) {
        events.publish(LimiterEvent.Kind.LEASE_LOST, 1, Duration.ZERO, holder);
    }

    @Override
    public String toString() {
        return "ConcurrencyLimiter[" + name + ", " + limit + "]";
    }
}
