package io.redq.core.internal;

import java.util.List;
import org.redisson.client.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of a graceful stop: whatever is still in the consumer's active list goes back to
 * the front of the ready list in its order, then the lease is released. If Redis is down, the
 * lease is left to expire and another consumer's recovery does the same.
 */
final class Shutdown {

    private static final Logger log = LoggerFactory.getLogger(Shutdown.class);
    private static final int CHUNK = 500;

    private final QueueContext ctx;
    private final ConsumerLease lease;
    private final String consumerId;
    private final ActiveMoves moves;

    Shutdown(QueueContext ctx, ConsumerLease lease, String consumerId, ActiveMoves moves) {
        this.ctx = ctx;
        this.moves = moves;
        this.lease = lease;
        this.consumerId = consumerId;
    }

    /** One script call per chunk: LMOVE keeps the order. */
    private long returnAllToTheOneList() {
        long total = 0;
        long moved;
        do {
            moved = ctx.scripts().run(Scripts.Script.RETURN_ALL,
                    List.of(ctx.keys().active(consumerId), ctx.keys().ready(0)), String.valueOf(CHUNK));
            total += moved;
        } while (moved == CHUNK);
        return total;
    }

    /** Newest first, each to the front of its own level, so the oldest ends first in line. */
    private long returnEachToItsLevel() {
        long total = 0;
        List<String> left = ctx.redisson().<String>getList(ctx.keys().active(consumerId), RawCodec.INSTANCE)
                .readAll();
        for (String raw : left) {
            if (moves.returnOwn(consumerId, raw) == ActiveMoves.Outcome.MOVED) {
                total++;
            }
        }
        return total;
    }

    void returnLeftovers() {
        try {
            long total = ctx.multiLevel() ? returnEachToItsLevel() : returnAllToTheOneList();
            if (total > 0) {
                log.info("Worker {} of queue '{}' put {} unfinished task(s) back at the front of the ready list",
                        consumerId, ctx.queue(), total);
            }
            if (!lease.release()) {
                log.warn("Worker {} of queue '{}' could not release its lease: its active list is not empty;"
                        + " recovery will return those tasks when the lease expires", consumerId, ctx.queue());
            }
        } catch (RedisException e) {
            log.warn("Worker {} of queue '{}' could not return its tasks or release its lease ({}); another"
                    + " worker recovers them when the lease expires", consumerId, ctx.queue(), e.toString());
        }
    }
}
