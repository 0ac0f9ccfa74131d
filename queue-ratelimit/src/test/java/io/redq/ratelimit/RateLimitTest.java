package io.redq.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    @Test
    void buildsWithTheGivenValuesAndBurstZeroByDefault() {
        RateLimit limit = RateLimit.custom().limit(100).period(Duration.ofSeconds(1)).build();

        assertThat(limit.limit()).isEqualTo(100);
        assertThat(limit.period()).isEqualTo(Duration.ofSeconds(1));
        assertThat(limit.burst()).isZero();
        assertThat(limit.margin()).isEqualTo(Duration.ofMillis(20));
        assertThat(limit).isEqualTo(RateLimit.of(100, Duration.ofSeconds(1)))
                .hasToString("100 per PT1S, burst 0, margin PT0.02S");
        assertThat(limit.mutate().burst(5).build().burst()).isEqualTo(5);
        assertThat(limit.mutate().period(Duration.ofSeconds(10)).build().margin()).isEqualTo(Duration.ofMillis(200));
        assertThat(limit.mutate().margin(Duration.ZERO).build().margin()).isZero();
    }

    @Test
    void spacesPermitsSoThatNoWindowOfOnePeriodAndTheMarginHoldsMoreThanLimitPlusBurst() {
        for (RateLimit limit : new RateLimit[] {RateLimit.of(100, Duration.ofSeconds(1)), RateLimit.of(3, Duration.ofSeconds(1)),
                RateLimit.custom().limit(10_000).period(Duration.ofSeconds(1)).burst(50).build(),
                RateLimit.custom().limit(7).period(Duration.ofMinutes(1)).burst(2).margin(Duration.ZERO).build(),
                RateLimit.custom().limit(100).period(Duration.ofSeconds(1)).margin(Duration.ofMillis(55)).build()}) {
            long t = limit.emissionInterval().toNanos() / 1000;
            long tau = limit.tolerance().toNanos() / 1000;
            long periodMicros = limit.period().toNanos() / 1000;
            long marginMicros = limit.margin().toNanos() / 1000;
            // permit k + m is never taken earlier than m * t - tau after permit k
            assertThat((limit.limit() + limit.burst()) * t - tau).as(limit.toString())
                    .isGreaterThanOrEqualTo(periodMicros + marginMicros);
        }
        RateLimit hundred = RateLimit.of(100, Duration.ofSeconds(1));
        assertThat(hundred.emissionInterval()).isEqualTo(Duration.ofNanos(10_300_000));
        assertThat(hundred.tolerance()).isEqualTo(Duration.ofMillis(10));
        assertThat(hundred.catchUpAllowance()).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void aLimitBelowOneFailsNamingTheField() {
        assertThatThrownBy(() -> RateLimit.custom().limit(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be at least 1, was 0");
        assertThatThrownBy(() -> RateLimit.of(-5, Duration.ofSeconds(1))).hasMessage("limit must be at least 1, was -5");
    }

    @Test
    void aPeriodOfZeroOrLessFailsNamingTheField() {
        assertThatThrownBy(() -> RateLimit.custom().period(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("period must be positive, was PT0S");
        assertThatThrownBy(() -> RateLimit.custom().period(Duration.ofSeconds(-1)))
                .hasMessage("period must be positive, was PT-1S");
        assertThatThrownBy(() -> RateLimit.custom().period(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("period must not be null");
        assertThatThrownBy(() -> RateLimit.custom().period(Duration.ofNanos(999)))
                .hasMessageStartingWith("period must be at least 1 microsecond");
        assertThatThrownBy(() -> RateLimit.custom().period(Duration.ofDays(31)))
                .hasMessageStartingWith("period must be at most PT720H");
    }

    @Test
    void aNegativeBurstOrAMarginOutOfRangeFailsNamingTheField() {
        assertThatThrownBy(() -> RateLimit.custom().burst(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("burst must not be negative, was -1");
        assertThatThrownBy(() -> RateLimit.custom().margin(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("margin must not be negative, was PT-0.001S");
        assertThatThrownBy(() -> RateLimit.custom().margin(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("margin must not be null");
        assertThatThrownBy(() -> RateLimit.custom().limit(1).period(Duration.ofSeconds(1)).margin(Duration.ofSeconds(2))
                .build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("margin must be at most the period (PT1S), was PT2S");
    }

    @Test
    void buildFailsWhenLimitOrPeriodIsMissingOrTooFine() {
        assertThatThrownBy(() -> RateLimit.custom().period(Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("limit must be set");
        assertThatThrownBy(() -> RateLimit.custom().limit(1).build())
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("period must be set");
        assertThatThrownBy(() -> RateLimit.of(2_000_000, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than one permit per microsecond");
        assertThatThrownBy(() -> RateLimit.custom().limit(1).period(Duration.ofDays(1)).burst(100).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("burst 100 at 1 per PT24H spans more");
    }
}
