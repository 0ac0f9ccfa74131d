package io.redq.dashboard.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Turns successive readings of a queue's completed counter into tasks per second. Readings are
 * taken when the page polls (nothing is read while nobody looks); one at most every 900 ms per
 * queue counts, and the last 60 rates are kept for the sparkline. Rates use this JVM's monotonic
 * clock: they are only differences over an interval measured here.
 */
final class Throughput {

    static final int HISTORY = 60;
    private static final long MIN_INTERVAL_NANOS = 900_000_000L;

    private final LongSupplier nanoClock;
    private final Map<String, Series> series = new ConcurrentHashMap<>();

    Throughput(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** Records a reading and returns the queue's current figures. */
    Figures record(String queue, long completed) {
        return series.computeIfAbsent(queue, q -> new Series()).record(nanoClock.getAsLong(), completed);
    }

    /** The current rate (null until two readings) and the recent rates, oldest first. */
    record Figures(Double perSecond, List<Double> history) {
    }

    private static final class Series {
        private long lastNanos;
        private long lastCount = -1;
        private Double rate;
        private final Deque<Double> rates = new ArrayDeque<>();

        synchronized Figures record(long nanos, long count) {
            if (lastCount < 0 || count < lastCount) {
                // first reading, or the counter was deleted: start over
                lastNanos = nanos;
                lastCount = count;
                rate = null;
                rates.clear();
            } else if (nanos - lastNanos >= MIN_INTERVAL_NANOS) {
                rate = (count - lastCount) * 1e9 / (nanos - lastNanos);
                rates.addLast(rate);
                while (rates.size() > HISTORY) {
                    rates.removeFirst();
                }
                lastNanos = nanos;
                lastCount = count;
            }
            return new Figures(rate, new ArrayList<>(rates));
        }
    }
}
