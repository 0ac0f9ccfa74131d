package io.redq.ratelimit.internal;

import io.redq.ratelimit.ConcurrencyLimit;
import io.redq.ratelimit.ConcurrencyLimiter;
import io.redq.ratelimit.Limits;
import io.redq.ratelimit.RateLimit;
import io.redq.ratelimit.RateLimiter;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.redisson.api.RedissonClient;

/**
 * The registry behind {@link Limits#of}: one limiter instance per name (and per queue), sharing the
 * scripts and the renewal thread.
 */
public final class RedisLimits implements Limits {

    private final LimitKeys keys;
    private final LimitScripts scripts;
    private final Renewals renewals = new Renewals();
    private final Map<String, RedisRateLimiter> rates = new ConcurrentHashMap<>();
    private final Map<String, RedisRateLimiter> queueRates = new ConcurrentHashMap<>();
    private final Map<String, RedisConcurrencyLimiter> concurrency = new ConcurrentHashMap<>();

    public RedisLimits(RedissonClient redisson, String keyPrefix) {
        Objects.requireNonNull(redisson, "redisson must not be null");
        this.keys = new LimitKeys(keyPrefix);
        this.scripts = new LimitScripts(redisson);
    }

    @Override
    public RateLimiter rate(String name, RateLimit limit) {
        Objects.requireNonNull(limit, "limit must not be null");
        String key = keys.rate(name);
        return same(rates.computeIfAbsent(name, n -> new RedisRateLimiter(n, limit, key, scripts)), limit, name);
    }

    @Override
    public RateLimiter rate(String name) {
        RateLimiter limiter = rates.get(name);
        if (limiter == null) {
            throw new IllegalArgumentException("no rate limiter named '" + name + "'; create it first with rate(\""
                    + name + "\", RateLimit...) (known: " + rates.keySet() + ")");
        }
        return limiter;
    }

    @Override
    public RateLimiter queueRate(String queue, RateLimit limit) {
        Objects.requireNonNull(limit, "limit must not be null");
        String key = keys.queueRate(queue);
        return same(queueRates.computeIfAbsent(queue, q -> new RedisRateLimiter("queue:" + q, limit, key, scripts)),
                limit, "queue:" + queue);
    }

    @Override
    public ConcurrencyLimiter concurrency(String name, ConcurrencyLimit limit) {
        Objects.requireNonNull(limit, "limit must not be null");
        String key = keys.concurrency(name);
        RedisConcurrencyLimiter limiter = concurrency.computeIfAbsent(name,
                n -> new RedisConcurrencyLimiter(n, limit, key, scripts, renewals));
        if (!limiter.limit().equals(limit)) {
            throw new IllegalStateException("concurrency limiter '" + name + "' already exists with " + limiter.limit()
                    + "; use the same settings everywhere");
        }
        return limiter;
    }

    @Override
    public ConcurrencyLimiter concurrency(String name) {
        ConcurrencyLimiter limiter = concurrency.get(name);
        if (limiter == null) {
            throw new IllegalArgumentException("no concurrency limiter named '" + name
                    + "'; create it first with concurrency(\"" + name + "\", ConcurrencyLimit...) (known: "
                    + concurrency.keySet() + ")");
        }
        return limiter;
    }

    @Override
    public void close() {
        renewals.close();
    }

    private static RateLimiter same(RedisRateLimiter limiter, RateLimit limit, String name) {
        if (!limiter.limit().equals(limit)) {
            throw new IllegalStateException("rate limiter '" + name + "' already exists with " + limiter.limit()
                    + "; use the same settings everywhere");
        }
        return limiter;
    }
}
