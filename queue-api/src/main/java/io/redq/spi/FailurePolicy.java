package io.redq.spi;

import java.util.Map;
import java.util.Objects;

/**
 * Decides what happens to a task whose handler failed. Core's default puts it in the dead-letter
 * queue at once; {@code queue-retry} supplies policies with attempts and backoff.
 *
 * <p>Implementations must be thread-safe and fast: they run on the handler thread, between the
 * failure and the single Redis operation that moves the task out of the active list.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface FailurePolicy {

    /**
     * Decides the fate of one failed attempt.
     *
     * @param failure the task and the error, never null
     * @return the decision, never null
     */
    FailureDecision decide(Failure failure);

    /** The policy that dead-letters every failure at once. */
    static FailurePolicy deadLetter() {
        return failure -> FailureDecision.deadLetter(FailureDecision.REASON_FAILED);
    }

    /**
     * A policy per task type, with a default for the other types.
     *
     * @param byType   policy per task type, not null (copied)
     * @param fallback policy for types not in the map, not null
     */
    static FailurePolicy byType(Map<String, ? extends FailurePolicy> byType, FailurePolicy fallback) {
        Map<String, FailurePolicy> copy = Map.copyOf(
                Objects.requireNonNull(byType, "byType must not be null"));
        Objects.requireNonNull(fallback, "fallback must not be null");
        return failure -> copy.getOrDefault(failure.envelope().type(), fallback).decide(failure);
    }
}
