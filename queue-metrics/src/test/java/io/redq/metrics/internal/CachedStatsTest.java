package io.redq.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.redq.QueueStats;
import io.redq.QueueUnavailableException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CachedStatsTest {

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    private CachedStats cache(Duration ttl) {
        return new CachedStats("q", () -> {
            reads.incrementAndGet();
            if (failure.get() != null) {
                throw failure.get();
            }
            return new QueueStats(reads.get(), 2, 3, 4, 5, 6);
        }, ttl, nanos::get);
    }

    @Test
    void oneReadServesEveryGaugeUntilTheCacheTimePasses() {
        CachedStats stats = cache(Duration.ofSeconds(1));
        assertThat(stats.value(QueueStats::ready)).isEqualTo(1);
        assertThat(stats.value(QueueStats::active)).isEqualTo(2);
        assertThat(stats.value(QueueStats::consumers)).isEqualTo(5);
        nanos.addAndGet(999_000_000L);
        assertThat(stats.value(QueueStats::ready)).isEqualTo(1);
        assertThat(reads).hasValue(1);
        nanos.addAndGet(1_000_000L);
        assertThat(stats.value(QueueStats::ready)).isEqualTo(2);
        assertThat(reads).hasValue(2);
    }

    @Test
    void zeroCacheTimeReadsEveryTime() {
        CachedStats stats = cache(Duration.ZERO);
        stats.get();
        stats.get();
        assertThat(reads).hasValue(2);
    }

    @Test
    void whileRedisFailsGaugesAreNaNAndTheFailureIsCachedToo() {
        CachedStats stats = cache(Duration.ofSeconds(1));
        failure.set(new QueueUnavailableException("down", null));
        assertThat(stats.value(QueueStats::ready)).isNaN();
        assertThat(stats.value(QueueStats::dead)).isNaN();
        assertThat(reads).hasValue(1);
        failure.set(null);
        nanos.addAndGet(1_000_000_000L);
        assertThat(stats.value(QueueStats::dead)).isEqualTo(4);
    }
}
