package io.redq.ratelimit.internal;

import io.redq.spi.FetchLimiter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A rate limiter as a worker's fetch limiter. Why it waits itself: a worker sleeps whole
 * milliseconds, and at 100 permits a second a permit is due every 10 ms, so a millisecond lost
 * per permit would cost a tenth of the rate. Short waits (up to {@link #PRECISE_WAIT}) are parked
 * out here to the microsecond the script names; longer ones go back to the worker, which sleeps
 * and asks again. Unused permits are given back only if nobody took one since (see returnPermits-1).
 */
final class GcraFetchLimiter implements FetchLimiter {

    /** Longest wait parked out inside {@link #acquire(int)}; a longer one is handed to the worker. */
    static final Duration PRECISE_WAIT = Duration.ofMillis(50);

    private final RedisRateLimiter limiter;
    /** Per fetch thread: {tat, permits} of its last grant, for {@link #release(int)}. */
    private final ThreadLocal<long[]> lastGrant = new ThreadLocal<>();

    GcraFetchLimiter(RedisRateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public Grant acquire(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        lastGrant.remove();
        long giveUpAt = System.nanoTime() + PRECISE_WAIT.toNanos();
        while (true) {
            RedisRateLimiter.Take t = limiter.take(max, false);
            if (t.granted() > 0) {
                lastGrant.set(new long[] {t.tat(), t.granted()});
                limiter.acquired(t.granted());
                return Grant.of(t.granted());
            }
            long waitNanos = TimeUnit.MICROSECONDS.toNanos(t.waitMicros());
            if (System.nanoTime() + waitNanos > giveUpAt || Thread.currentThread().isInterrupted()) {
                Duration wait = Duration.ofNanos(waitNanos);
                limiter.denied(max, wait);
                return Grant.waitFor(wait);
            }
            LockSupport.parkNanos(waitNanos);
        }
    }

    @Override
    public void release(int unused) {
        long[] grant = lastGrant.get();
        lastGrant.remove();
        if (grant != null && unused > 0) {
            limiter.giveBack(grant[0], (int) Math.min(unused, grant[1]));
        }
    }
}
