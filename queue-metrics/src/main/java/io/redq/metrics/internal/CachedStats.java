package io.redq.metrics.internal;

import io.redq.QueueStats;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why: a scrape reads five gauges of a queue, and several registries may scrape it; one
 * {@code stats()} call (two Redis round trips) serves all of them for the cache time. A failed read
 * is cached too, so a scrape during an outage does not wait on Redis five times; it is logged once
 * until a read succeeds again.
 */
public final class CachedStats {

    private static final Logger log = LoggerFactory.getLogger(CachedStats.class);

    private final String queue;
    private final Supplier<QueueStats> source;
    private final long ttlNanos;
    private final LongSupplier nanoClock;

    private QueueStats last;
    private long readAt;
    private boolean read;
    private boolean failing;

    public CachedStats(String queue, Supplier<QueueStats> source, Duration ttl, LongSupplier nanoClock) {
        this.queue = queue;
        this.source = source;
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
    }

    /** The counts, read from Redis if the cached ones are older than the cache time; null while Redis fails. */
    public synchronized QueueStats get() {
        long now = nanoClock.getAsLong();
        if (!read || now - readAt >= ttlNanos) {
            refresh();
            readAt = nanoClock.getAsLong();
            read = true;
        }
        return last;
    }

    /** One count as a gauge value: NaN while Redis fails. */
    public double value(ToLongFunction<QueueStats> count) {
        QueueStats s = get();
        return s == null ? Double.NaN : count.applyAsLong(s);
    }

    private void refresh() {
        try {
            last = source.get();
            if (failing) {
                log.info("Queue '{}': counts for the metrics can be read again", queue);
                failing = false;
            }
        } catch (RuntimeException e) {
            last = null;
            if (!failing) {
                log.warn("Queue '{}': cannot read the counts for the metrics; gauges report NaN until Redis"
                        + " answers again: {}", queue, e.toString());
                failing = true;
            }
        }
    }
}
