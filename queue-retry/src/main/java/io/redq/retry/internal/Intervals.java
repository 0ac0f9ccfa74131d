package io.redq.retry.internal;

import io.github.resilience4j.core.IntervalFunction;

/**
 * Picks the Resilience4j {@link IntervalFunction} for a backoff configuration, so that all the
 * delay math (growth, randomization, cap) is the library's and none is ours.
 */
public final class Intervals {

    private Intervals() {
    }

    /**
     * Exponential backoff, capped after randomization: every value is at most {@code maxMs}.
     *
     * @param initialMs  first delay, at least 1
     * @param multiplier growth per attempt, at least 1
     * @param maxMs      cap, at least {@code initialMs}
     * @param jitter     randomization factor in [0, 1]; 0 for none
     */
    public static IntervalFunction exponential(long initialMs, double multiplier, long maxMs, double jitter) {
        return jitter == 0.0
                ? IntervalFunction.ofExponentialBackoff(initialMs, multiplier, maxMs)
                : IntervalFunction.ofExponentialRandomBackoff(initialMs, multiplier, jitter, maxMs);
    }

    /**
     * Fixed backoff, randomized around {@code intervalMs} when {@code jitter > 0} (no cap).
     *
     * @param intervalMs the delay, at least 1
     * @param jitter     randomization factor in [0, 1]; 0 for none
     */
    public static IntervalFunction fixed(long intervalMs, double jitter) {
        return jitter == 0.0
                ? IntervalFunction.of(intervalMs)
                : IntervalFunction.ofRandomized(intervalMs, jitter);
    }
}
