package io.redq.core.internal;

import io.redq.DeadLetter;
import io.redq.Envelope;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash recovery, run continuously by every live consumer: finds consumers whose lease expired
 * and moves each task in their active lists back to the front of the ready list with deliveries
 * + 1, or to the dead-letter queue once a task has been delivered {@code deliveryLimit} times
 * without an acknowledgement (a poison pill). Each move is one script that re-checks the lease,
 * so many consumers may recover at once without duplicating a task.
 */
public final class Recovery {

    private static final Logger log = LoggerFactory.getLogger(Recovery.class);
    /** Consumers examined per pass. */
    private static final int CONSUMERS_PER_PASS = 100;
    /** Tasks read from a dead consumer's active list at a time. */
    private static final int TASKS_PER_READ = 200;

    /** Dead-letter reason for a task whose consumers kept dying. */
    public static final String REASON_DELIVERY_LIMIT = "delivery limit exceeded";
    /** Dead-letter reason for a string that is not an envelope. */
    public static final String REASON_MALFORMED = "malformed envelope";

    private final QueueContext ctx;
    private final ActiveMoves moves;
    private final String self;
    private final int deliveryLimit;
    private final long retireGraceMs;
    private final EventBus events;

    /**
     * @param retireGraceMs how long after expiry an empty consumer entry is kept, to catch a blocking
     *                      fetch the dead consumer issued before it died
     */
    Recovery(QueueContext ctx, ActiveMoves moves, String self, int deliveryLimit, long retireGraceMs,
             EventBus events) {
        this.ctx = ctx;
        this.moves = moves;
        this.self = self;
        this.deliveryLimit = deliveryLimit;
        this.retireGraceMs = retireGraceMs;
        this.events = events;
    }

    /** One pass over the expired consumers; returns the number of tasks moved. */
    public int runOnce() {
        List<String> expired = ctx.scripts().run(Scripts.Script.EXPIRED_CONSUMERS,
                List.of(ctx.keys().consumers()), String.valueOf(CONSUMERS_PER_PASS));
        int moved = 0;
        for (String consumer : expired) {
            if (!consumer.equals(self)) {
                moved += reclaim(consumer);
            }
        }
        return moved;
    }

    /** Moves every task of one expired consumer; stops if its lease turns out to be live. */
    int reclaim(String consumer) {
        String activeKey = ctx.keys().active(consumer);
        int moved = 0;
        while (true) {
            // Newest first: pushing each to the front of ready leaves the oldest first in line.
            List<String> batch = ctx.redisson().<String>getList(activeKey, RawCodec.INSTANCE)
                    .range(0, TASKS_PER_READ - 1);
            if (batch.isEmpty()) {
                break;
            }
            int before = moved;
            for (String raw : batch) {
                ActiveMoves.Outcome outcome = reclaimOne(consumer, raw);
                if (outcome == ActiveMoves.Outcome.CONSUMER_LIVE) {
                    log.info("Consumer {} of queue '{}' renewed its lease during recovery; leaving its tasks",
                            consumer, ctx.queue());
                    return moved;
                }
                if (outcome == ActiveMoves.Outcome.MOVED) {
                    moved++;
                }
            }
            if (moved == before) {
                break; // another consumer is recovering the same list
            }
        }
        if (moved > 0) {
            log.warn("Recovered {} task(s) of queue '{}' from consumer {} whose lease expired", moved,
                    ctx.queue(), consumer);
        }
        ctx.scripts().run(Scripts.Script.RETIRE_CONSUMER, List.of(ctx.keys().consumers(), activeKey), consumer,
                String.valueOf(retireGraceMs));
        return moved;
    }

    private ActiveMoves.Outcome reclaimOne(String consumer, String raw) {
        Envelope e;
        try {
            e = ctx.codec().decodeRaw(raw);
        } catch (MalformedEnvelopeException ex) {
            DeadLetter record = ActiveMoves.record(Malformed.envelope(raw), REASON_MALFORMED,
                    MalformedEnvelopeException.class.getName(), ex.getMessage());
            return deadLetter(consumer, raw, record, true);
        }
        Envelope next = e.withNextDelivery();
        if (next.deliveries() >= deliveryLimit) {
            DeadLetter record = ActiveMoves.record(next, REASON_DELIVERY_LIMIT, null,
                    "delivered " + next.deliveries() + " times without an acknowledgement: each consumer holding"
                            + " it died (last: " + consumer + "). Find why the handler kills its worker, then"
                            + " requeue it.");
            return deadLetter(consumer, raw, record, false);
        }
        return moves.toReady(consumer, consumer, raw, RawCodec.raw(ctx.codec().encode(next)),
                ctx.readyFor(next.priority()));
    }

    private ActiveMoves.Outcome deadLetter(String consumer, String raw, DeadLetter record, boolean keepRaw) {
        ActiveMoves.Outcome outcome = moves.deadLetter(consumer, consumer, raw, record, keepRaw);
        if (outcome == ActiveMoves.Outcome.MOVED) {
            events.deadLettered(record.envelope(), null, Duration.ZERO, record.reason());
        }
        return outcome;
    }
}
