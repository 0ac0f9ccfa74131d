package io.redq.retry;

import io.redq.spi.FailureDecision;
import io.redq.spi.FailurePolicy;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test helper of the retry integration tests: fresh queue names, and a recorder of when each
 * attempt started and what the policy decided (with the time it decided), for timing assertions.
 */
final class Attempts {

    private static final AtomicInteger SEQ = new AtomicInteger();

    /** One policy decision, with the nano time taken just before the policy was asked. */
    record Decision(long decidedAtNanos, FailureDecision decision) {
    }

    final List<Integer> numbers = new CopyOnWriteArrayList<>();
    final List<Long> startedAtNanos = new CopyOnWriteArrayList<>();
    final List<Decision> decisions = new CopyOnWriteArrayList<>();

    /** A queue name no other test (or earlier run) uses. */
    static String queueName(String test) {
        return "it-retry-" + test + "-" + SEQ.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Records the start of an attempt; call first thing in the handler. */
    void started(int attempt) {
        startedAtNanos.add(System.nanoTime());
        numbers.add(attempt);
    }

    /** Wraps a policy so that every decision it makes is recorded. */
    FailurePolicy recording(FailurePolicy policy) {
        return failure -> {
            long now = System.nanoTime();
            FailureDecision d = policy.decide(failure);
            decisions.add(new Decision(now, d));
            return d;
        };
    }

    /** Milliseconds from the start of attempt {@code i} (0-based) to the start of the next. */
    long gapMs(int i) {
        return (startedAtNanos.get(i + 1) - startedAtNanos.get(i)) / 1_000_000;
    }

    /** Milliseconds from decision {@code i} to the start of the attempt it scheduled. */
    long decisionToNextStartMs(int i) {
        return (startedAtNanos.get(i + 1) - decisions.get(i).decidedAtNanos()) / 1_000_000;
    }
}
