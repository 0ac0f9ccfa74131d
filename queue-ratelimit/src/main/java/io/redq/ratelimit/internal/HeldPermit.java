package io.redq.ratelimit.internal;

import io.redq.ratelimit.Permit;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One held concurrency permit: renewed on the renewal thread every third of its lease until it is
 * closed. A renewal that finds the permit gone stops renewing and says so (log and event); one that
 * cannot reach Redis logs once and keeps trying, so a short outage costs nothing.
 */
final class HeldPermit implements Permit {

    private static final Logger log = LoggerFactory.getLogger(HeldPermit.class);

    private final RedisConcurrencyLimiter limiter;
    private final String holder;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean held = true;
    private volatile boolean renewalFailing;
    private volatile ScheduledFuture<?> renewal;
    private volatile Runnable onClose = () -> { };

    HeldPermit(RedisConcurrencyLimiter limiter, String holder) {
        this.limiter = limiter;
        this.holder = holder;
    }

    @Override
    public String holderId() {
        return holder;
    }

    @Override
    public String limiter() {
        return limiter.name();
    }

    @Override
    public boolean isHeld() {
        return held && !closed.get();
    }

    void renewing(ScheduledFuture<?> renewal, Runnable onClose) {
        this.renewal = renewal;
        this.onClose = onClose;
    }

    /** Runs on the renewal thread. */
    void renew() {
        if (closed.get() || !held) {
            return;
        }
        try {
            boolean renewed = limiter.renew(holder);
            if (renewalFailing) {
                renewalFailing = false;
                log.info("Concurrency limit '{}': holder {} renews its lease again", limiter.name(), holder);
            }
            if (!renewed) {
                held = false;
                stopRenewing();
                log.warn("Concurrency limit '{}': holder {} lost its permit (its lease of {} ended before it was"
                        + " renewed, e.g. after a long pause); its task runs on without a permit",
                        limiter.name(), holder, limiter.limit().lease());
                limiter.leaseLost(holder);
            }
        } catch (RuntimeException e) {
            if (!renewalFailing) {
                renewalFailing = true;
                log.warn("Concurrency limit '{}': holder {} could not renew its lease ({}); retrying",
                        limiter.name(), holder, e.toString());
            }
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopRenewing();
        if (!held) {
            return;
        }
        boolean interrupted = Thread.interrupted(); // a timed-out handler is interrupted; still give the permit back
        try {
            limiter.release(holder);
        } catch (RuntimeException e) {
            log.warn("Concurrency limit '{}': holder {} could not give its permit back ({}); it comes free when"
                    + " its lease of {} ends", limiter.name(), holder, e.toString(), limiter.limit().lease());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void stopRenewing() {
        ScheduledFuture<?> r = renewal;
        if (r != null) {
            r.cancel(false);
        }
        onClose.run();
    }

    @Override
    public String toString() {
        return "Permit[" + limiter.name() + ", " + holder + (isHeld() ? "" : ", released") + "]";
    }
}
