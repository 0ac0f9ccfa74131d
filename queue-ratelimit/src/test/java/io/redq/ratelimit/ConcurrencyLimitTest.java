package io.redq.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConcurrencyLimitTest {

    @Test
    void buildsWithTheGivenValuesAndTheDefaults() {
        ConcurrencyLimit limit = ConcurrencyLimit.of(3);

        assertThat(limit.permits()).isEqualTo(3);
        assertThat(limit.lease()).isEqualTo(ConcurrencyLimit.DEFAULT_LEASE);
        assertThat(limit.renewInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(limit.maxWait()).isZero();
        assertThat(limit.rescheduleAfter()).isEqualTo(Duration.ofSeconds(1));
        ConcurrencyLimit custom = ConcurrencyLimit.custom().permits(2).lease(Duration.ofSeconds(3))
                .maxWait(Duration.ofMillis(500)).rescheduleAfter(Duration.ofMillis(200)).build();
        assertThat(custom).isEqualTo(custom.mutate().build()).isNotEqualTo(limit)
                .hasToString("2 permits, lease PT3S, maxWait PT0.5S, rescheduleAfter PT0.2S");
    }

    @Test
    void permitsBelowOneFailNamingTheField() {
        assertThatThrownBy(() -> ConcurrencyLimit.custom().permits(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("permits must be between 1 and 100000, was 0");
        assertThatThrownBy(() -> ConcurrencyLimit.of(-1)).hasMessage("permits must be between 1 and 100000, was -1");
        assertThatThrownBy(() -> ConcurrencyLimit.custom().lease(Duration.ofSeconds(30)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("permits must be set");
    }

    @Test
    void durationsOutOfRangeFailNamingTheField() {
        assertThatThrownBy(() -> ConcurrencyLimit.custom().lease(Duration.ofMillis(999)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("lease must be between PT1S and PT24H, was PT0.999S");
        assertThatThrownBy(() -> ConcurrencyLimit.custom().lease(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("lease must not be null");
        assertThatThrownBy(() -> ConcurrencyLimit.custom().maxWait(Duration.ofMillis(-1)))
                .hasMessageStartingWith("maxWait must be between PT0S and PT24H");
        assertThatThrownBy(() -> ConcurrencyLimit.custom().rescheduleAfter(Duration.ZERO))
                .hasMessageStartingWith("rescheduleAfter must be between PT0.001S and PT720H");
    }
}
