package io.redq.core.internal;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease a consumer holds in the queue's consumers ZSET, renewed by heartbeat in Redis server
 * time. The worker fetches only while the last renewal is recent (the fetch gate), so a consumer
 * that was paused or cut off renews before it takes more work.
 */
public final class ConsumerLease {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLease.class);

    private final QueueContext ctx;
    private final String consumerId;
    private final long leaseMs;
    private final long freshNanos;
    private volatile long renewedAtNanos;
    private volatile boolean everHeld;
    private final PauseState pause;

    ConsumerLease(QueueContext ctx, String consumerId, Duration lease, PauseState pause) {
        this.ctx = ctx;
        this.pause = pause;
        this.consumerId = consumerId;
        this.leaseMs = lease.toMillis();
        this.freshNanos = lease.dividedBy(2).toNanos();
    }

    /**
     * Registers or renews the lease.
     *
     * @return true if the lease had stayed live since the last renewal
     * @throws RuntimeException the Redis client's error when Redis cannot be reached
     */
    public boolean renew() {
        long started = System.nanoTime();
        List<Long> reply = ctx.scripts().run(Scripts.Script.HEARTBEAT,
                List.of(ctx.keys().consumers(), ctx.keys().paused()), consumerId, String.valueOf(leaseMs));
        long live = reply.get(0);
        pause.set(reply.get(1) == 1);
        renewedAtNanos = started;
        if (live == 0 && everHeld) {
            log.warn("Consumer {} of queue '{}' found its lease expired: it was paused or cut off for longer than"
                    + " its lease of {} ms, so the tasks it held may have been recovered and may run twice."
                    + " The lease is renewed and the consumer goes on.", consumerId, ctx.queue(), leaseMs);
        }
        everHeld = true;
        return live == 1;
    }

    /** True if the lease was renewed within the last half lease (local monotonic clock). */
    public boolean isFresh() {
        return everHeld && System.nanoTime() - renewedAtNanos < freshNanos;
    }

    /** Forgets the lease if the active list is empty; returns true if released. */
    public boolean release() {
        long n = ctx.scripts().run(Scripts.Script.RETIRE_CONSUMER,
                List.of(ctx.keys().consumers(), ctx.keys().active(consumerId)), consumerId, "0");
        return n == 1;
    }

    public String consumerId() {
        return consumerId;
    }
}
