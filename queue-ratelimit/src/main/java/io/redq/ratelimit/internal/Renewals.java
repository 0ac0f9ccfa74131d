package io.redq.ratelimit.internal;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one daemon thread that renews every held permit of a {@code Limits}, started with the first
 * permit; closing gives back the permits still held.
 */
final class Renewals implements AutoCloseable {

    private final Set<HeldPermit> held = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService timer;
    private boolean closed;

    synchronized void start(HeldPermit permit, Duration every) {
        if (closed) {
            throw new IllegalStateException("these Limits are closed; permits can no longer be renewed");
        }
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "redq-limit-renewal");
                t.setDaemon(true);
                return t;
            });
        }
        held.add(permit);
        long ms = every.toMillis();
        ScheduledFuture<?> f = timer.scheduleAtFixedRate(permit::renew, ms, ms, TimeUnit.MILLISECONDS);
        permit.renewing(f, () -> held.remove(permit));
    }

    @Override
    public void close() {
        ScheduledExecutorService t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            t = timer;
        }
        List.copyOf(held).forEach(HeldPermit::close);
        if (t != null) {
            t.shutdownNow();
        }
    }
}
