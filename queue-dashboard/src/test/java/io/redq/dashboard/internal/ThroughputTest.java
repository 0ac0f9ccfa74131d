package io.redq.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThroughputTest {

    private final AtomicLong nanos = new AtomicLong();
    private final Throughput throughput = new Throughput(nanos::get);

    @Test
    void rateIsTheCounterDifferenceOverTheTimeBetweenReadingsAtLeast900msApart() {
        assertThat(throughput.record("q", 100).perSecond()).as("one reading is no rate").isNull();
        nanos.addAndGet(500_000_000L);
        assertThat(throughput.record("q", 150).perSecond()).as("too soon: not counted").isNull();
        nanos.addAndGet(1_500_000_000L);
        Throughput.Figures f = throughput.record("q", 300);
        assertThat(f.perSecond()).isEqualTo(100.0);
        assertThat(f.history()).containsExactly(100.0);
        assertThat(throughput.record("other", 5).perSecond()).as("queues are apart").isNull();
    }

    @Test
    void historyKeepsTheLastSixtyRatesAndACounterThatWentBackStartsOver() {
        long count = 0;
        throughput.record("q", count);
        for (int i = 1; i <= 70; i++) {
            nanos.addAndGet(1_000_000_000L);
            count += i;
            throughput.record("q", count);
        }
        Throughput.Figures f = throughput.record("q", count);
        assertThat(f.history()).hasSize(Throughput.HISTORY).startsWith(11.0).endsWith(70.0);
        nanos.addAndGet(1_000_000_000L);
        Throughput.Figures reset = throughput.record("q", 3);
        assertThat(reset.perSecond()).isNull();
        assertThat(reset.history()).isEmpty();
    }
}
