package io.redq.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RTopic;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's background duties, on its maintenance thread: renew the lease, recover expired
 * consumers, return orphans of its own active list, promote due delayed tasks, and retry
 * completions that failed while Redis was down.
 */
final class Housekeeping {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
    /** Longest promoter sleep: a safety net, since producers and retries publish wake-ups. */
    private static final long MAX_PROMOTE_SLEEP_MS = 15_000;
    /** The orphan check runs on every this many ticks (an orphan is rare; idle workers stay quiet). */
    private static final int ORPHAN_CHECK_EVERY = 3;
    private static final int PROMOTE_BATCH = 1_000;

    private final QueueContext ctx;
    private final ActiveMoves moves;
    private final ConsumerLease lease;
    private final Recovery recovery;
    private final OutageLog outage;
    private final PendingCompletions pending;
    private final Set<String> inFlight;
    private final ScheduledExecutorService scheduler;
    private final Duration interval;
    private Set<String> suspects = Set.of();
    private ScheduledFuture<?> periodic;
    private ScheduledFuture<?> retries;
    private ScheduledFuture<?> promotion;
    private long promotionDueNanos = Long.MAX_VALUE;
    private volatile boolean stopped;
    private int ticks;
    private volatile int orphanChecksDue;
    private RTopic wake;
    private int wakeListener;
    private RTopic control;
    private int controlListener;
    private final PauseState pause;

    Housekeeping(QueueContext ctx, ActiveMoves moves, ConsumerLease lease, Recovery recovery, OutageLog outage,
                 PendingCompletions pending, Set<String> inFlight, ScheduledExecutorService scheduler,
                 Duration interval, PauseState pause) {
        this.ctx = ctx;
        this.pause = pause;
        this.moves = moves;
        this.lease = lease;
        this.recovery = recovery;
        this.outage = outage;
        this.pending = pending;
        this.inFlight = inFlight;
        this.scheduler = scheduler;
        this.interval = interval;
    }

    void start() {
        listenForDueTasks();
        listenForControl();
        periodic = scheduler.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        retries = scheduler.scheduleWithFixedDelay(this::retryPending, 250, 250, TimeUnit.MILLISECONDS);
        schedulePromotion(0);
    }

    /** Producers and retries publish on this channel when a task becomes the next one due. */
    private void listenForDueTasks() {
        try {
            wake = ctx.redisson().getTopic(ctx.keys().delayedWakeChannel(), StringCodec.INSTANCE);
            wakeListener = wake.addListener(String.class, (channel, delayMs) -> {
                try {
                    promoteWithin(Long.parseLong(delayMs));
                } catch (NumberFormatException e) {
                    log.debug("Queue '{}': ignoring wake-up message '{}'", ctx.queue(), delayMs);
                }
            });
        } catch (RedisException e) {
            wake = null;
            log.warn("Queue '{}': could not subscribe to delayed-task wake-ups ({}); delayed tasks are promoted"
                    + " at most {} ms late", ctx.queue(), e.toString(), MAX_PROMOTE_SLEEP_MS);
        }
    }

    /** Operators pause and resume a queue on its control channel; the heartbeat reads the flag too. */
    private void listenForControl() {
        try {
            control = ctx.redisson().getTopic(ctx.keys().controlChannel(), StringCodec.INSTANCE);
            controlListener = control.addListener(String.class, (channel, message) -> {
                pause.set("paused".equals(message));
                log.info("Queue '{}' {}", ctx.queue(), message);
            });
        } catch (RedisException e) {
            control = null;
            log.warn("Queue '{}': could not subscribe to pause/resume messages ({}); the heartbeat still reads"
                    + " the paused flag", ctx.queue(), e.toString());
        }
    }

    void stop() {
        stopped = true;
        if (control != null) {
            try {
                control.removeListener(controlListener);
            } catch (RedisException e) {
                log.debug("Queue '{}': could not unsubscribe from control messages: {}", ctx.queue(), e.toString());
            }
        }
        if (wake != null) {
            try {
                wake.removeListener(wakeListener);
            } catch (RedisException e) {
                log.debug("Queue '{}': could not unsubscribe from wake-ups: {}", ctx.queue(), e.toString());
            }
        }
        for (ScheduledFuture<?> f : new ScheduledFuture<?>[] {periodic, retries, promotion}) {
            if (f != null) {
                f.cancel(false);
            }
        }
    }

    private void tick() {
        try {
            lease.renew();
            recovery.runOnce();
            if (ticks++ % ORPHAN_CHECK_EVERY == 0 || orphanChecksDue > 0) {
                orphanChecksDue = Math.max(0, orphanChecksDue - 1);
                returnOrphans();
            }
            outage.succeeded();
        } catch (RedisException e) {
            outage.failed(e);
        } catch (RuntimeException e) {
            log.error("Queue '{}': housekeeping failed; it runs again in {}", ctx.queue(), interval, e);
        }
    }

    /**
     * A task in our own active list that no handler holds (a fetch whose reply was lost, say) goes
     * back to ready once it has been seen orphaned by two checks in a row.
     */
    private void returnOrphans() {
        List<String> listed = ctx.redisson().<String>getList(ctx.keys().active(lease.consumerId()),
                RawCodec.INSTANCE).readAll();
        Set<String> orphans = new HashSet<>();
        for (String raw : listed) {
            if (!inFlight.contains(raw)) {
                if (suspects.contains(raw)) {
                    moves.returnOwn(lease.consumerId(), raw);
                    log.warn("Queue '{}': returned an orphaned task from consumer {}'s active list to ready",
                            ctx.queue(), lease.consumerId());
                } else {
                    orphans.add(raw);
                }
            }
        }
        suspects = orphans;
    }

    /**
     * After a fetch whose reply was lost (a time-out), check for orphans on the next two ticks: an
     * orphan must be seen twice before it is returned.
     */
    void checkOrphansSoon() {
        orphanChecksDue = 2;
    }

    private void retryPending() {
        if (!pending.isEmpty()) {
            pending.retry(inFlight::remove);
        }
    }

    /** Makes sure promotion runs within {@code delayMs} (a retry of ours falls due then). */
    void promoteWithin(long delayMs) {
        schedulePromotion(Math.max(0, delayMs));
    }

    private synchronized void schedulePromotion(long delayMs) {
        long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs);
        if (stopped || (promotion != null && !promotion.isDone() && due >= promotionDueNanos)) {
            return;
        }
        if (promotion != null) {
            promotion.cancel(false);
        }
        promotionDueNanos = due;
        promotion = scheduler.schedule(this::promote, delayMs, TimeUnit.MILLISECONDS);
    }

    private void promote() {
        long nextDelay = MAX_PROMOTE_SLEEP_MS;
        try {
            List<Object> keys = new ArrayList<>();
            keys.add(ctx.keys().delayed());
            keys.add(ctx.keys().wake());
            keys.addAll(ctx.keys().readyLists());
            List<Long> r = ctx.scripts().run(Scripts.Script.PROMOTE_DUE, keys, String.valueOf(PROMOTE_BATCH),
                    ctx.wakeFlag());
            long moved = r.get(0);
            long nextDue = r.get(1);
            long now = r.get(2);
            if (moved >= PROMOTE_BATCH) {
                nextDelay = 0;
            } else if (nextDue >= 0) {
                nextDelay = Math.min(MAX_PROMOTE_SLEEP_MS, Math.max(1, nextDue - now));
            }
        } catch (RedisException e) {
            nextDelay = outage.failed(e);
        } catch (RuntimeException e) {
            log.error("Queue '{}': promoting delayed tasks failed", ctx.queue(), e);
        }
        synchronized (this) {
            promotion = null;
            promotionDueNanos = Long.MAX_VALUE;
        }
        schedulePromotion(nextDelay);
    }
}
