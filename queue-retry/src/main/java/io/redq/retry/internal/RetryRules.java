package io.redq.retry.internal;

import io.github.resilience4j.core.IntervalFunction;
import io.redq.NonRetryableException;
import io.redq.RetryLaterException;
import io.redq.spi.Failure;
import io.redq.spi.FailureDecision;
import java.time.Duration;

/**
 * The decision rules of {@link io.redq.retry.RetryPolicy}, in one place and in their order, so the
 * public class stays a configuration and the rules can be read top to bottom.
 */
public final class RetryRules {

    private final int maxAttempts;
    private final IntervalFunction intervals;
    private final ErrorFilter filter;
    private final FailureDecision aborted;
    private final FailureDecision exhausted;

    /**
     * @param maxAttempts     attempts in all, at least 1
     * @param intervals       delay in ms after the failure of attempt N, given N (1-based)
     * @param filter          retry-on / abort-on matching
     * @param abortedReason   dead-letter reason of an aborted task
     * @param exhaustedReason dead-letter reason of a task out of attempts
     */
    public RetryRules(int maxAttempts, IntervalFunction intervals, ErrorFilter filter,
                      String abortedReason, String exhaustedReason) {
        this.maxAttempts = maxAttempts;
        this.intervals = intervals;
        this.filter = filter;
        this.aborted = FailureDecision.deadLetter(abortedReason);
        this.exhausted = FailureDecision.deadLetter(exhaustedReason);
    }

    /**
     * Decides one failure.
     * <ol>
     *   <li>a {@link NonRetryableException} anywhere in the cause chain: aborted;</li>
     *   <li>unless a {@link RetryLaterException} is in the cause chain (an explicit request beats
     *       type rules): an abort-on match, or no retry-on match, is aborted;</li>
     *   <li>{@code attempt >= maxAttempts}: exhausted;</li>
     *   <li>otherwise retry after the {@code RetryLaterException}'s delay or the interval function's.</li>
     * </ol>
     */
    public FailureDecision decide(Failure failure) {
        Throwable error = failure.error();
        if (ErrorFilter.inCauseChain(error, NonRetryableException.class) != null) {
            return aborted;
        }
        RetryLaterException later = ErrorFilter.inCauseChain(error, RetryLaterException.class);
        if (later == null && (filter.aborts(error) || !filter.retries(error))) {
            return aborted;
        }
        int attempt = failure.envelope().attempt();
        if (attempt >= maxAttempts) {
            return exhausted;
        }
        return FailureDecision.retryAfter(later != null ? later.retryAfter() : delayFor(attempt));
    }

    /**
     * The backoff delay after the failure of {@code attempt}; a fresh random draw when jittered.
     *
     * @throws IllegalArgumentException if attempt is less than 1
     */
    public Duration delayFor(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
        }
        return Duration.ofMillis(intervals.apply(attempt));
    }
}
