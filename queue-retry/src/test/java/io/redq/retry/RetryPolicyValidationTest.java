package io.redq.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Predicate;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The builder of {@link RetryPolicy} rejects each bad field at once, naming it. No Redis. */
class RetryPolicyValidationTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    private static void rejects(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    private static void rejectsNull(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(NullPointerException.class).hasMessage(message);
    }

    @Test
    void maxAttempts() {
        rejects(() -> RetryPolicy.custom().maxAttempts(0), "maxAttempts must be at least 1, was 0");
        rejects(() -> RetryPolicy.custom().maxAttempts(-3), "maxAttempts must be at least 1, was -3");
        assertThat(RetryPolicy.custom().maxAttempts(1).build().maxAttempts()).isEqualTo(1);
    }

    @Test
    void initialInterval() {
        rejects(() -> RetryPolicy.custom().exponentialBackoff(Duration.ZERO, 2.0, SECOND),
                "initialInterval must be at least 1 ms, was PT0S");
        rejects(() -> RetryPolicy.custom().exponentialBackoff(Duration.ofSeconds(-1), 2.0, SECOND),
                "initialInterval must be at least 1 ms, was PT-1S");
        rejects(() -> RetryPolicy.custom().exponentialBackoff(Duration.ofNanos(500_000), 2.0, SECOND),
                "initialInterval must be at least 1 ms, was PT0.0005S");
        rejectsNull(() -> RetryPolicy.custom().exponentialBackoff(null, 2.0, SECOND),
                "initialInterval must not be null");
    }

    @Test
    void multiplier() {
        rejects(() -> RetryPolicy.custom().exponentialBackoff(SECOND, 0.5, SECOND),
                "multiplier must be a finite number of at least 1.0, was 0.5");
        rejects(() -> RetryPolicy.custom().exponentialBackoff(SECOND, Double.NaN, SECOND),
                "multiplier must be a finite number of at least 1.0, was NaN");
        rejects(() -> RetryPolicy.custom().exponentialBackoff(SECOND, Double.POSITIVE_INFINITY, SECOND),
                "multiplier must be a finite number of at least 1.0, was Infinity");
    }

    @Test
    void maxInterval() {
        rejects(() -> RetryPolicy.custom().exponentialBackoff(SECOND, 2.0, Duration.ofMillis(500)),
                "maxInterval must be at least initialInterval (PT1S), was PT0.5S");
        rejectsNull(() -> RetryPolicy.custom().exponentialBackoff(SECOND, 2.0, null), "maxInterval must not be null");
        assertThatThrownBy(() -> RetryPolicy.custom().exponentialBackoff(SECOND, 2.0,
                Duration.ofSeconds(Long.MAX_VALUE))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("maxInterval must fit in a long of milliseconds");
        assertThat(RetryPolicy.custom().exponentialBackoff(SECOND, 2.0, SECOND).build().maxInterval())
                .isEqualTo(SECOND);
    }

    @Test
    void fixedInterval() {
        rejects(() -> RetryPolicy.custom().fixedBackoff(Duration.ZERO), "interval must be at least 1 ms, was PT0S");
        rejects(() -> RetryPolicy.custom().fixedBackoff(Duration.ofMillis(-5)),
                "interval must be at least 1 ms, was PT-0.005S");
        rejectsNull(() -> RetryPolicy.custom().fixedBackoff(null), "interval must not be null");
    }

    @Test
    void jitter() {
        rejects(() -> RetryPolicy.custom().jitter(-0.1), "jitter must be between 0.0 and 1.0, was -0.1");
        rejects(() -> RetryPolicy.custom().jitter(1.1), "jitter must be between 0.0 and 1.0, was 1.1");
        rejects(() -> RetryPolicy.custom().jitter(Double.NaN), "jitter must be between 0.0 and 1.0, was NaN");
        assertThat(RetryPolicy.custom().jitter(0.0).build().jitter()).isZero();
        assertThat(RetryPolicy.custom().jitter(1.0).build().jitter()).isEqualTo(1.0);
    }

    @Test
    void retryOnAndAbortOn() {
        rejectsNull(() -> RetryPolicy.custom().retryOn((Class<? extends Throwable>) null),
                "retryOn type must not be null");
        rejectsNull(() -> RetryPolicy.custom().retryOn((Class<? extends Throwable>[]) null),
                "retryOn types must not be null");
        rejects(() -> RetryPolicy.custom().retryOn(), "retryOn needs at least one exception type");
        rejectsNull(() -> RetryPolicy.custom().retryOn((Predicate<Throwable>) null),
                "retryOn predicate must not be null");
        rejectsNull(() -> RetryPolicy.custom().abortOn((Class<? extends Throwable>) null),
                "abortOn type must not be null");
        rejects(() -> RetryPolicy.custom().abortOn(), "abortOn needs at least one exception type");
        rejectsNull(() -> RetryPolicy.custom().abortOn((Predicate<Throwable>) null),
                "abortOn predicate must not be null");
    }

    @Test
    void aRejectedCallLeavesTheBuilderAsItWas() {
        RetryPolicy.Builder builder = RetryPolicy.custom().exponentialBackoff(SECOND, 3.0, Duration.ofSeconds(9));
        assertThatThrownBy(() -> builder.exponentialBackoff(Duration.ofSeconds(5), 2.0, SECOND))
                .isInstanceOf(IllegalArgumentException.class);
        RetryPolicy policy = builder.build();
        assertThat(policy.initialInterval()).isEqualTo(SECOND);
        assertThat(policy.multiplier()).isEqualTo(3.0);
    }
}
