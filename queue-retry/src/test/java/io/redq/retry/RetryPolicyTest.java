package io.redq.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redq.Envelope;
import io.redq.NonRetryableException;
import io.redq.RetryLaterException;
import io.redq.TaskTimeoutException;
import io.redq.spi.Failure;
import io.redq.spi.FailureDecision;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The decision rules of {@link RetryPolicy}, in their order; no Redis. */
class RetryPolicyTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    static Failure failure(int attempt, Throwable error) {
        Envelope e = Envelope.builder().id("t-1").type("job").payload("{}").attempt(attempt).build();
        return new Failure("q", e, error);
    }

    private static FailureDecision decide(RetryPolicy policy, int attempt, Throwable error) {
        return policy.decide(failure(attempt, error));
    }

    private static void assertAborted(FailureDecision d) {
        assertThat(d.isRetry()).as(d.toString()).isFalse();
        assertThat(d.deadLetterReason()).isEqualTo(RetryPolicy.REASON_ABORTED);
    }

    private static void assertRetried(FailureDecision d) {
        assertThat(d.isRetry()).as(d.toString()).isTrue();
    }

    @Test
    void nonRetryableExceptionIsAbortedAtOnceEvenWhenItsTypeIsRetriedAndAttemptsRemain() {
        RetryPolicy policy = RetryPolicy.custom().maxAttempts(10).retryOn(RuntimeException.class).build();
        assertAborted(decide(policy, 1, new NonRetryableException("bad input")));
    }

    @Test
    void nonRetryableExceptionAnywhereInTheCauseChainIsAborted() {
        Throwable wrapped = new CompletionException(new IllegalStateException("x",
                new NonRetryableException("bad input")));
        assertAborted(decide(RetryPolicy.ofDefaults(), 1, wrapped));
    }

    @Test
    void nonRetryableOnTheLastAttemptIsAbortedNotExhausted() {
        RetryPolicy policy = RetryPolicy.custom().maxAttempts(2).build();
        assertAborted(decide(policy, 2, new NonRetryableException("bad input")));
    }

    @Test
    void abortOnMatchesByInstanceofAndWinsOverRetryOn() {
        RetryPolicy policy = RetryPolicy.custom().retryOn(RuntimeException.class)
                .abortOn(IllegalArgumentException.class).build();
        assertAborted(decide(policy, 1, new IllegalArgumentException("no")));
        assertAborted(decide(policy, 1, new NumberFormatException("subclass of IllegalArgumentException")));
        assertRetried(decide(policy, 1, new IllegalStateException("retry me")));
    }

    @Test
    void abortOnLooksAtTheThrownErrorOnlyNotItsCauses() {
        RetryPolicy policy = RetryPolicy.custom().abortOn(IllegalArgumentException.class).build();
        assertRetried(decide(policy, 1, new IllegalStateException("wrapper", new IllegalArgumentException())));
    }

    @Test
    void abortOnAPredicate() {
        RetryPolicy policy = RetryPolicy.custom()
                .abortOn(e -> e.getMessage() != null && e.getMessage().contains("404")).build();
        assertAborted(decide(policy, 1, new IOException("HTTP 404")));
        assertRetried(decide(policy, 1, new IOException("HTTP 503")));
    }

    @Test
    void abortOnBeatsExhaustion() {
        RetryPolicy policy = RetryPolicy.custom().maxAttempts(1).abortOn(IllegalArgumentException.class).build();
        assertAborted(decide(policy, 1, new IllegalArgumentException()));
    }

    @Test
    void errorsNotMatchingRetryOnAreAborted() {
        RetryPolicy policy = RetryPolicy.custom().retryOn(IOException.class).build();
        assertAborted(decide(policy, 1, new IllegalStateException("not an IOException")));
        assertRetried(decide(policy, 1, new FileNotFoundException("subclass of IOException")));
        assertThat(policy.retryOn()).containsExactly(IOException.class);
    }

    @Test
    void retryOnCallsAddUpAndAcceptPredicates() {
        RetryPolicy policy = RetryPolicy.custom().retryOn(IOException.class).retryOn(TaskTimeoutException.class)
                .retryOn(e -> e instanceof UncheckedIOException).build();
        assertRetried(decide(policy, 1, new IOException()));
        assertRetried(decide(policy, 1, new TaskTimeoutException("t-1", "job", SECOND)));
        assertRetried(decide(policy, 1, new UncheckedIOException(new IOException())));
        assertAborted(decide(policy, 1, new IllegalStateException()));
    }

    @Test
    void byDefaultEveryExceptionIsRetriedAndErrorsAreAborted() {
        RetryPolicy policy = RetryPolicy.ofDefaults();
        assertRetried(decide(policy, 1, new IOException("checked")));
        assertRetried(decide(policy, 1, new IllegalStateException("unchecked")));
        assertRetried(decide(policy, 1, new TaskTimeoutException("t-1", "job", SECOND)));
        assertAborted(decide(policy, 1, new OutOfMemoryError("heap")));
        assertAborted(decide(policy, 1, new AssertionError("bug")));
        assertThat(policy.retryOn()).containsExactly(Exception.class);
        assertThat(policy.abortOn()).isEmpty();
    }

    @Test
    void errorsAreRetriedWhenRetryOnThrowableIsAsked() {
        RetryPolicy policy = RetryPolicy.custom().retryOn(Throwable.class).build();
        assertRetried(decide(policy, 1, new OutOfMemoryError("heap")));
    }

    @Test
    void theLastAllowedAttemptIsExhausted() {
        RetryPolicy policy = RetryPolicy.custom().maxAttempts(3).build();
        assertRetried(decide(policy, 1, new IOException()));
        assertRetried(decide(policy, 2, new IOException()));
        assertThat(decide(policy, 3, new IOException()).deadLetterReason()).isEqualTo(RetryPolicy.REASON_EXHAUSTED);
        assertThat(decide(policy, 4, new IOException()).deadLetterReason()).isEqualTo(RetryPolicy.REASON_EXHAUSTED);
    }

    @Test
    void maxAttemptsOneNeverRetries() {
        RetryPolicy policy = RetryPolicy.custom().maxAttempts(1).build();
        assertThat(decide(policy, 1, new IOException()).deadLetterReason()).isEqualTo(RetryPolicy.REASON_EXHAUSTED);
    }

    @Test
    void aRetryWaitsTheIntervalFunctionsDelayForTheFailedAttempt() {
        RetryPolicy policy = RetryPolicy.custom().maxAttempts(10)
                .exponentialBackoff(Duration.ofMillis(100), 3.0, Duration.ofSeconds(60)).jitter(0).build();
        assertThat(decide(policy, 1, new IOException()).retryDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(decide(policy, 2, new IOException()).retryDelay()).isEqualTo(Duration.ofMillis(300));
        assertThat(decide(policy, 4, new IOException()).retryDelay()).isEqualTo(Duration.ofMillis(2700));
    }

    @Test
    void retryLaterExceptionIsHonouredAsGivenWithoutJitterOrCap() {
        RetryPolicy policy = RetryPolicy.custom().maxAttempts(3)
                .exponentialBackoff(SECOND, 2.0, Duration.ofSeconds(2)).jitter(0.5).build();
        FailureDecision d = decide(policy, 1, new RetryLaterException("429", Duration.ofMinutes(5)));
        assertThat(d.retryDelay()).isEqualTo(Duration.ofMinutes(5));
        assertThat(decide(policy, 2, new RetryLaterException("429", Duration.ZERO)).retryDelay()).isZero();
    }

    @Test
    void retryLaterExceptionStillCountsTheAttempt() {
        RetryPolicy policy = RetryPolicy.custom().maxAttempts(2).build();
        FailureDecision d = decide(policy, 2, new RetryLaterException("429", SECOND));
        assertThat(d.deadLetterReason()).isEqualTo(RetryPolicy.REASON_EXHAUSTED);
    }

    @Test
    void retryLaterExceptionIsAnExplicitRequestThatTypeRulesDoNotOverrule() {
        RetryPolicy policy = RetryPolicy.custom().retryOn(IOException.class).abortOn(RuntimeException.class).build();
        assertThat(decide(policy, 1, new RetryLaterException("429", SECOND)).retryDelay()).isEqualTo(SECOND);
    }

    @Test
    void retryLaterExceptionInTheCauseChainIsHonouredButNonRetryableWins() {
        RetryPolicy policy = RetryPolicy.ofDefaults();
        Throwable wrapped = new CompletionException(new RetryLaterException("429", Duration.ofSeconds(7)));
        assertThat(decide(policy, 1, wrapped).retryDelay()).isEqualTo(Duration.ofSeconds(7));
        Throwable both = new NonRetryableException("gone", new RetryLaterException("429", SECOND));
        assertAborted(decide(policy, 1, both));
    }

    @Test
    void aCyclicCauseChainEndsTheSearch() {
        IllegalStateException a = new IllegalStateException("a");
        IllegalStateException b = new IllegalStateException("b", a);
        a.initCause(b);
        assertRetried(decide(RetryPolicy.ofDefaults(), 1, a));
    }

    @Test
    void aPredicateThatThrowsPropagatesToTheWorker() {
        RetryPolicy policy = RetryPolicy.custom().abortOn(e -> {
            throw new UnsupportedOperationException("predicate bug");
        }).build();
        assertThatThrownBy(() -> decide(policy, 1, new IOException()))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void decideRejectsNull() {
        assertThatThrownBy(() -> RetryPolicy.ofDefaults().decide(null))
                .isInstanceOf(NullPointerException.class).hasMessage("failure must not be null");
    }

    @Test
    void theDefaultsAreDocumentedOnes() {
        RetryPolicy policy = RetryPolicy.ofDefaults();
        assertThat(policy.maxAttempts()).isEqualTo(5);
        assertThat(policy.backoff()).isEqualTo(RetryPolicy.Backoff.EXPONENTIAL);
        assertThat(policy.initialInterval()).isEqualTo(SECOND);
        assertThat(policy.multiplier()).isEqualTo(2.0);
        assertThat(policy.maxInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(policy.jitter()).isEqualTo(0.5);
        assertThat(policy.toString()).contains("maxAttempts=5", "PT1S", "PT10M", "jitter=0.5", "Exception");
    }

    @Test
    void aBuilderCanBeBuiltAgainWithoutChangingEarlierPolicies() {
        RetryPolicy.Builder builder = RetryPolicy.custom().retryOn(IOException.class);
        RetryPolicy first = builder.build();
        RetryPolicy second = builder.retryOn(IllegalStateException.class).maxAttempts(2).build();
        assertThat(first.retryOn()).containsExactly(IOException.class);
        assertThat(first.maxAttempts()).isEqualTo(5);
        assertThat(second.retryOn()).containsExactly(IOException.class, IllegalStateException.class);
    }
}
