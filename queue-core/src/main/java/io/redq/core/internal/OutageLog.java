package io.redq.core.internal;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs a Redis outage once when it starts and once when it ends, instead of once per failed call,
 * and gives the back-off to wait between attempts: 100 ms doubling to {@value #MAX_BACKOFF_MS} ms.
 *
 * <p>The cap is what a worker adds, at most, to a failover: once the client has found the new
 * master, every loop that backs off tries again within one cap. 1 s keeps that well under the time
 * a Cluster or Sentinel group takes to promote a replica, and during a long outage each loop still
 * sends only about one command a second.
 */
public final class OutageLog {

    static final long MIN_BACKOFF_MS = 100;
    static final long MAX_BACKOFF_MS = 1_000;

    private final Logger log;
    private final String what;
    private final AtomicLong downSinceNanos = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    public OutageLog(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    /** Records a failed Redis call; returns how long to back off, in ms. */
    public long failed(Exception e) {
        long n = failures.incrementAndGet();
        if (downSinceNanos.compareAndSet(0, System.nanoTime())) {
            log.warn("{}: Redis is unavailable ({}); backing off and retrying until it is back", what, e.toString());
        } else {
            log.debug("{}: Redis still unavailable: {}", what, e.toString());
        }
        return Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS << Math.min(10, n - 1));
    }

    /** Records a successful Redis call; logs the recovery if an outage was in progress. */
    public void succeeded() {
        long since = downSinceNanos.getAndSet(0);
        if (since != 0) {
            failures.set(0);
            log.info("{}: Redis is reachable again after {} ms", what, (System.nanoTime() - since) / 1_000_000);
        }
    }

    /** True while an outage is in progress. */
    public boolean isDown() {
        return downSinceNanos.get() != 0;
    }
}
