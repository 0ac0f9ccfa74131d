package io.redq.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LongSummaryStatistics;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The delays of {@link RetryPolicy}, computed by Resilience4j's interval functions: the exponential
 * schedule, the jitter band over many draws, the cap, and fixed backoff. No Redis.
 */
class RetryPolicyBackoffTest {

    private static final int DRAWS = 2_000;

    private static LongSummaryStatistics draws(RetryPolicy policy, int attempt) {
        return IntStream.range(0, DRAWS).mapToLong(i -> policy.delayFor(attempt).toMillis()).summaryStatistics();
    }

    @Test
    void withoutJitterTheDelaysFollowTheExponentialScheduleUpToTheCap() {
        RetryPolicy policy = RetryPolicy.custom()
                .exponentialBackoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10)).jitter(0).build();
        IntFunction<Long> ms = n -> policy.delayFor(n).toMillis();
        assertThat(IntStream.rangeClosed(1, 6).mapToObj(ms))
                .containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 10_000L, 10_000L);
    }

    @Test
    void withJitterEveryDrawLiesInTheBandAroundTheExponentialBaseAndTheDrawsSpreadOverIt() {
        double j = 0.5;
        RetryPolicy policy = RetryPolicy.custom()
                .exponentialBackoff(Duration.ofSeconds(1), 2.0, Duration.ofMinutes(10)).jitter(j).build();
        for (int n = 1; n <= 9; n++) { // base 1 s .. 256 s, band below the 10 min cap
            long base = 1_000L << (n - 1);
            LongSummaryStatistics s = draws(policy, n);
            assertThat(s.getMin()).as("attempt %d", n).isGreaterThanOrEqualTo((long) (base * (1 - j)));
            assertThat(s.getMax()).as("attempt %d", n).isLessThanOrEqualTo((long) (base * (1 + j)));
            assertThat(s.getMin()).as("attempt %d spread", n).isLessThan((long) (base * 0.75));
            assertThat(s.getMax()).as("attempt %d spread", n).isGreaterThan((long) (base * 1.25));
            assertThat(s.getAverage()).as("attempt %d mean", n).isBetween(base * 0.95, base * 1.05);
        }
    }

    @Test
    void noDelayEverExceedsTheCapJitterIncluded() {
        Duration cap = Duration.ofSeconds(30);
        RetryPolicy policy = RetryPolicy.custom().maxAttempts(Integer.MAX_VALUE)
                .exponentialBackoff(Duration.ofSeconds(1), 2.0, cap).jitter(1.0).build();
        for (int n = 1; n <= 80; n++) {
            assertThat(draws(policy, n).getMax()).as("attempt %d", n).isLessThanOrEqualTo(cap.toMillis());
        }
        assertThat(policy.delayFor(10_000)).isLessThanOrEqualTo(cap);
    }

    @Test
    void nearTheCapTheBandIsCutAndFarBeyondItEveryDelayIsTheCap() {
        RetryPolicy policy = RetryPolicy.custom()
                .exponentialBackoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10)).jitter(0.5).build();
        LongSummaryStatistics nearCap = draws(policy, 4); // base 8 s: band [4 s, 12 s) cut at 10 s
        assertThat(nearCap.getMin()).isBetween(4_000L, 6_000L);
        assertThat(nearCap.getMax()).isEqualTo(10_000L);
        LongSummaryStatistics beyond = draws(policy, 6); // base 32 s: band [16 s, 48 s), all above the cap
        assertThat(beyond.getMin()).isEqualTo(10_000L);
        assertThat(beyond.getMax()).isEqualTo(10_000L);
    }

    @Test
    void fixedBackoffWaitsTheSameAfterEveryAttempt() {
        RetryPolicy policy = RetryPolicy.custom().fixedBackoff(Duration.ofMillis(750)).jitter(0).build();
        assertThat(IntStream.rangeClosed(1, 20).mapToObj(policy::delayFor)).containsOnly(Duration.ofMillis(750));
        assertThat(policy.backoff()).isEqualTo(RetryPolicy.Backoff.FIXED);
        assertThat(policy.multiplier()).isEqualTo(1.0);
        assertThat(policy.maxInterval()).isEqualTo(Duration.ofMillis(750));
    }

    @Test
    void fixedBackoffWithJitterStaysInTheBandAroundTheInterval() {
        RetryPolicy policy = RetryPolicy.custom().fixedBackoff(Duration.ofSeconds(1)).jitter(0.2).build();
        for (int n : new int[] {1, 2, 7}) {
            LongSummaryStatistics s = draws(policy, n);
            assertThat(s.getMin()).isGreaterThanOrEqualTo(800L).isLessThan(850L);
            assertThat(s.getMax()).isLessThanOrEqualTo(1_200L).isGreaterThan(1_150L);
        }
    }

    @Test
    void theLastBackoffCallWins() {
        RetryPolicy fixed = RetryPolicy.custom()
                .exponentialBackoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(8))
                .fixedBackoff(Duration.ofSeconds(3)).jitter(0).build();
        assertThat(fixed.delayFor(3)).isEqualTo(Duration.ofSeconds(3));
        RetryPolicy exponential = RetryPolicy.custom().fixedBackoff(Duration.ofSeconds(3))
                .exponentialBackoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(8)).jitter(0).build();
        assertThat(exponential.delayFor(3)).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void multiplierOneIsAConstantCappedSchedule() {
        RetryPolicy policy = RetryPolicy.custom()
                .exponentialBackoff(Duration.ofMillis(200), 1.0, Duration.ofMillis(200)).jitter(0).build();
        assertThat(IntStream.rangeClosed(1, 5).mapToObj(policy::delayFor)).containsOnly(Duration.ofMillis(200));
    }

    @Test
    void delayForIsOneBasedAndRejectsZero() {
        RetryPolicy policy = RetryPolicy.ofDefaults();
        assertThatThrownBy(() -> policy.delayFor(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("attempt must be at least 1, was 0");
    }
}
