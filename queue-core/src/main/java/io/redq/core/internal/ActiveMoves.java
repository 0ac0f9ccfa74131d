package io.redq.core.internal;

import io.redq.DeadLetter;
import io.redq.Envelope;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

/**
 * The ways a task leaves an active list other than its acknowledgement (see {@link AckBatcher}):
 * dead-letter, retry later, or back to ready.
 * Each is one atomic Redis operation that removes the exact fetched string and, only if it was
 * there, puts the task in its next place. So a task is never in two places, and a late move by a
 * consumer whose tasks were recovered removes nothing.
 */
public final class ActiveMoves {

    /** Lines of stack trace kept in a dead-letter record. */
    static final int STACK_HEAD_LINES = 12;

    /** Header set at a task's first failed attempt: epoch ms of that failure (the worker's clock). */
    public static final String HEADER_FIRST_FAILED_AT = "redq-first-failed-at";

    /** Result of a move: the task was moved, was no longer there, or its consumer is live again. */
    public enum Outcome { MOVED, GONE, CONSUMER_LIVE }

    private final QueueContext ctx;
    private final QueueKeys keys;

    public ActiveMoves(QueueContext ctx) {
        this.ctx = ctx;
        this.keys = ctx.keys();
    }

    /**
     * Moves a task to the dead-letter queue.
     *
     * @param expiredConsumer consumer whose lease must have expired (recovery), or null for the caller's own
     */
    public Outcome deadLetter(String consumerId, String expiredConsumer, String raw, DeadLetter record,
                              boolean keepRaw) {
        Envelope e = record.envelope();
        String uniqueKey = e.uniqueKey() != null ? keys.unique(e.uniqueKey()) : keys.dead();
        String json = ctx.codec().encodeDeadLetter(record, keepRaw ? EnvelopeCodec.rawToKeep(RawCodec.text(raw)) : null);
        long n = ctx.scripts().run(Scripts.Script.DEAD_LETTER,
                List.of(keys.consumers(), keys.active(consumerId), keys.dead(), keys.deadRecords(), uniqueKey),
                expiredConsumer == null ? "" : expiredConsumer, raw, RawCodec.raw(e.id()), RawCodec.raw(json),
                e.uniqueKey() != null ? RawCodec.raw(e.id()) : "", String.valueOf(ctx.retention().maxRecords()),
                String.valueOf(ctx.retention().maxAge().toMillis()));
        return outcome(n);
    }

    /** Schedules the next attempt after {@code delayMs}; returns the due time, or 0 if the task was gone. */
    public long retryLater(String consumerId, String raw, Envelope next, long delayMs) {
        return ctx.scripts().run(Scripts.Script.RETRY_LATER, List.of(keys.active(consumerId), keys.delayed()),
                raw, RawCodec.raw(ctx.codec().encode(next)), String.valueOf(delayMs), keys.delayedWakeChannel());
    }

    /**
     * Puts a task back at the front of its level's ready list as {@code next}.
     *
     * @param expiredConsumer consumer whose lease must have expired (recovery), or null for the caller's own
     * @param readyList       the ready list of the task's level
     */
    public Outcome toReady(String consumerId, String expiredConsumer, String raw, String next, String readyList) {
        long n = ctx.scripts().run(Scripts.Script.REQUEUE_ACTIVE,
                List.of(keys.consumers(), keys.active(consumerId), readyList, keys.wake()),
                expiredConsumer == null ? "" : expiredConsumer, raw, next, ctx.wakeFlag());
        return outcome(n);
    }

    /** Puts one of the caller's own tasks back unchanged at the front of its level's ready list. */
    public Outcome returnOwn(String consumerId, String raw) {
        return toReady(consumerId, null, raw, raw, ctx.readyForRaw(raw));
    }

    private static Outcome outcome(long n) {
        return n == 1 ? Outcome.MOVED : n == 0 ? Outcome.GONE : Outcome.CONSUMER_LIVE;
    }

    /** Builds a dead-letter record for a failure; its time of death is set by Redis. */
    public static DeadLetter record(Envelope e, String reason, Throwable error) {
        return new DeadLetter(e, reason, error.getClass().getName(), error.getMessage(), stackHead(error),
                e.attempt(), firstFailedAt(e), 0L);
    }

    /** Builds a dead-letter record with a reason and message but no exception. */
    public static DeadLetter record(Envelope e, String reason, String errorClass, String message) {
        return new DeadLetter(e, reason, errorClass, message, null, e.attempt(), firstFailedAt(e), 0L);
    }

    /** The first failure time from the envelope's header, or 0 if this is its first failure. */
    private static long firstFailedAt(Envelope e) {
        try {
            return Long.parseLong(e.headers().getOrDefault(HEADER_FIRST_FAILED_AT, "0"));
        } catch (NumberFormatException ex) {
            return 0L;
        }
    }

    static String stackHead(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        String[] lines = out.toString().split("\\R", STACK_HEAD_LINES + 1);
        return String.join("\n", Arrays.copyOf(lines, Math.min(lines.length, STACK_HEAD_LINES)));
    }
}
