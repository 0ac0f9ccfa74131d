package io.redq.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Tag;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedqMetricsConfigTest {

    @Test
    void defaults() {
        RedqMetricsConfig c = RedqMetricsConfig.ofDefaults();
        assertThat(c.statsCacheTtl()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.tags()).isEmpty();
        assertThat(c.maxTaskTypes()).isEqualTo(100);
    }

    @Test
    void settingsAreKept() {
        RedqMetricsConfig c = RedqMetricsConfig.custom().statsCacheTtl(Duration.ZERO).tags("app", "billing")
                .maxTaskTypes(5).build();
        assertThat(c.statsCacheTtl()).isZero();
        assertThat(c.tags()).containsExactly(Tag.of("app", "billing"));
        assertThat(c.maxTaskTypes()).isEqualTo(5);
        assertThat(RedqMetricsConfig.custom().tags(List.of(Tag.of("a", "b"))).build().tags())
                .containsExactly(Tag.of("a", "b"));
    }

    @Test
    void badValuesFailAtOnceNamingTheSetting() {
        assertThatThrownBy(() -> RedqMetricsConfig.custom().statsCacheTtl(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("statsCacheTtl");
        assertThatThrownBy(() -> RedqMetricsConfig.custom().statsCacheTtl(Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("statsCacheTtl");
        assertThatThrownBy(() -> RedqMetricsConfig.custom().statsCacheTtl(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("statsCacheTtl");
        assertThatThrownBy(() -> RedqMetricsConfig.custom().maxTaskTypes(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxTaskTypes must be between 1 and 10000, was 0");
        assertThatThrownBy(() -> RedqMetricsConfig.custom().tags("odd"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key/value pairs");
        assertThatThrownBy(() -> RedqMetrics.of(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("queue");
        assertThatThrownBy(() -> RedqMetrics.monitor(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("worker");
    }
}
