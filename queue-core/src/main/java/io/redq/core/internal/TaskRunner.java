package io.redq.core.internal;

import io.redq.DeadLetter;
import io.redq.RescheduleException;
import io.redq.Envelope;
import io.redq.TaskContext;
import io.redq.TaskError;
import io.redq.TaskTimeoutException;
import io.redq.spi.Failure;
import io.redq.spi.FailureDecision;
import io.redq.spi.FailurePolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one fetched task on a handler thread: decode, bind, call the handler under its time limit,
 * then move the task out of the active list exactly once (ack, retry or dead-letter). A string that
 * is not an envelope, an unknown type or a payload that does not bind is dead-lettered with its
 * reason; nothing here stops the worker.
 */
final class TaskRunner {

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    static final String REASON_UNKNOWN_TYPE = "unknown type";
    static final String REASON_BINDING = "payload binding";

    /** A move to make once the handler is done; retried by the worker while Redis is down. */
    interface Completion {
        /** @throws RuntimeException when Redis cannot be reached */
        void run();
    }

    /** Where the runner hands its completion and learns whether the worker is abandoning tasks. */
    interface Host {
        void complete(String raw, Completion completion);

        /** Hands a finished task to the ack batcher. */
        void acknowledge(AckBatcher.Ack ack);

        boolean abandoning();

        void retryScheduled(long delayMs);
    }

    private final QueueContext ctx;
    private final ActiveMoves moves;
    private final String consumerId;
    private final Map<String, Registration<?>> handlers;
    private final FailurePolicy policy;
    private final Duration timeout;
    private final ScheduledExecutorService timer;
    private final Host host;
    private final EventBus events;

    TaskRunner(QueueContext ctx, ActiveMoves moves, String consumerId, Map<String, Registration<?>> handlers,
               FailurePolicy policy, Duration timeout, ScheduledExecutorService timer, Host host, EventBus events) {
        this.ctx = ctx;
        this.moves = moves;
        this.consumerId = consumerId;
        this.handlers = handlers;
        this.policy = policy;
        this.timeout = timeout;
        this.timer = timer;
        this.host = host;
        this.events = events;
    }

    void run(String raw) {
        Envelope e;
        try {
            e = ctx.codec().decodeRaw(raw);
        } catch (MalformedEnvelopeException ex) {
            log.warn("Queue '{}': dead-lettering a string that is not a redq envelope ({}); the worker goes on",
                    ctx.queue(), ex.getMessage());
            DeadLetter record = ActiveMoves.record(Malformed.envelope(raw), Recovery.REASON_MALFORMED,
                    MalformedEnvelopeException.class.getName(), ex.getMessage());
            host.complete(raw, () -> {
                if (moves.deadLetter(consumerId, null, raw, record, true) == ActiveMoves.Outcome.MOVED) {
                    events.deadLettered(record.envelope(), ex, Duration.ZERO, record.reason());
                }
            });
            return;
        }
        Registration<?> reg = handlers.get(e.type());
        if (reg == null) {
            String message = "no handler for task type '" + e.type() + "' on queue '" + ctx.queue()
                    + "' (registered: " + handlers.keySet() + "); register one and requeue the task";
            log.warn("Queue '{}': dead-lettering task {}: {}", ctx.queue(), e.id(), message);
            deadLetter(raw, ActiveMoves.record(e, REASON_UNKNOWN_TYPE, IllegalStateException.class.getName(), message),
                    new IllegalStateException(message), Duration.ZERO);
            return;
        }
        Object payload;
        try {
            payload = ctx.codec().bind(e.payload(), reg.payloadType());
        } catch (Exception ex) {
            log.warn("Queue '{}': dead-lettering task {} of type '{}': its payload does not bind to {}: {}",
                    ctx.queue(), e.id(), e.type(), reg.payloadType().getName(), ex.getMessage());
            deadLetter(raw, ActiveMoves.record(e, REASON_BINDING, ex), ex, Duration.ZERO);
            return;
        }
        long started = System.nanoTime();
        Throwable failure = invoke(reg, payload, e);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        if (failure == null) {
            host.acknowledge(new AckBatcher.Ack(raw, e, elapsed));
        } else if (host.abandoning()) {
            host.complete(raw, () -> moves.returnOwn(consumerId, raw));
        } else if (failure instanceof RescheduleException later) {
            reschedule(raw, e, later, elapsed);
        } else {
            events.failed(e, failure, elapsed);
            fail(raw, e, failure, elapsed);
        }
    }

    private Throwable invoke(Registration<?> reg, Object payload, Envelope e) {
        TaskContext context = new Context(ctx.queue(), e);
        Watchdog watchdog = new Watchdog(Thread.currentThread());
        ScheduledFuture<?> alarm = timer.schedule(watchdog::expire, timeout.toMillis(), TimeUnit.MILLISECONDS);
        Throwable failure = null;
        try {
            reg.invoke(payload, context);
        } catch (Throwable t) {
            failure = t;
        } finally {
            alarm.cancel(false);
            if (watchdog.finish()) {
                Thread.interrupted(); // clear our own interrupt before the Redis call below
                if (failure != null) {
                    failure = new TaskTimeoutException(e.id(), e.type(), timeout);
                }
            }
        }
        return failure;
    }

    private void fail(String raw, Envelope e, Throwable failure, Duration elapsed) {
        FailureDecision decision = decide(e, failure);
        if (decision.isRetry()) {
            Envelope.Builder nb = e.toBuilder().attempt(e.attempt() + 1).lastError(TaskError.of(failure))
                    .notBefore(null);
            if (!e.headers().containsKey(ActiveMoves.HEADER_FIRST_FAILED_AT)) {
                nb.header(ActiveMoves.HEADER_FIRST_FAILED_AT, String.valueOf(System.currentTimeMillis()));
            }
            Envelope next = nb.build();
            long delayMs = decision.retryDelay().toMillis();
            log.debug("Queue '{}': task {} attempt {} failed ({}); retrying in {} ms", ctx.queue(), e.id(),
                    e.attempt(), failure.toString(), delayMs);
            host.complete(raw, () -> {
                if (moves.retryLater(consumerId, raw, next, delayMs) > 0) {
                    host.retryScheduled(delayMs);
                    events.retryScheduled(e, failure, elapsed, decision.retryDelay());
                }
            });
        } else {
            log.warn("Queue '{}': task {} of type '{}' failed on attempt {} ({}); dead-lettered: {}", ctx.queue(),
                    e.id(), e.type(), e.attempt(), failure.toString(), decision.deadLetterReason());
            Envelope last = e.toBuilder().lastError(TaskError.of(failure)).build();
            deadLetter(raw, ActiveMoves.record(last, decision.deadLetterReason(), failure), failure, elapsed);
        }
    }

    /** Not a failure: the task goes to the delayed set as it is, keeping its attempt number. */
    private void reschedule(String raw, Envelope e, RescheduleException later, Duration elapsed) {
        long delayMs = later.after().toMillis();
        log.debug("Queue '{}': task {} rescheduled in {} ms without spending an attempt: {}", ctx.queue(), e.id(),
                delayMs, later.getMessage());
        host.complete(raw, () -> {
            if (moves.retryLater(consumerId, raw, e, delayMs) > 0) {
                host.retryScheduled(delayMs);
                events.rescheduled(e, later, elapsed, later.after());
            }
        });
    }

    private FailureDecision decide(Envelope e, Throwable failure) {
        try {
            return Objects.requireNonNull(policy.decide(new Failure(ctx.queue(), e, failure)),
                    "the failure policy returned null");
        } catch (RuntimeException ex) {
            log.error("Queue '{}': failure policy threw for task {}; dead-lettering it", ctx.queue(), e.id(), ex);
            return FailureDecision.deadLetter(FailureDecision.REASON_FAILED);
        }
    }

    private void deadLetter(String raw, DeadLetter record, Throwable error, Duration elapsed) {
        host.complete(raw, () -> {
            if (moves.deadLetter(consumerId, null, raw, record, false) == ActiveMoves.Outcome.MOVED) {
                events.deadLettered(record.envelope(), error, elapsed, record.reason());
            }
        });
    }

    /** Interrupts the handler thread when the time limit passes, and never after the handler is done. */
    private static final class Watchdog {
        private final Thread thread;
        private boolean done;
        private boolean expired;

        Watchdog(Thread thread) {
            this.thread = thread;
        }

        synchronized void expire() {
            if (!done) {
                expired = true;
                thread.interrupt();
            }
        }

        /** Marks the handler done; returns true if the time limit had passed. */
        synchronized boolean finish() {
            done = true;
            return expired;
        }
    }

    private record Context(String queue, Envelope envelope) implements TaskContext {
    }
}
