package io.redq.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import org.junit.jupiter.api.Test;

/** Runs {@link RateLimitExample} against the test Redis and checks what it reports. */
@RedisTest
class RateLimitExampleIT {

    @Test
    void keepsEveryLimitRunsEveryTaskAndLeavesNothingBehind(RedisEndpoint redis) throws InterruptedException {
        RateLimitExample.Outcome outcome = RateLimitExample.run(redis.url());

        assertThat(outcome.sent()).isEqualTo(RateLimitExample.EMAILS);
        assertThat(outcome.busiestSecond()).as("permits in the busiest sliding second")
                .isLessThanOrEqualTo(RateLimitExample.QUEUE_LIMIT);
        assertThat(outcome.permitsPerSecond()).as("50 at 20 a second take more than two seconds").hasSizeGreaterThan(2);

        assertThat(outcome.apiCalls()).isEqualTo(RateLimitExample.CALLS);
        assertThat(outcome.apiCallsPerSecond().values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(
                RateLimitExample.API_LIMIT));
        assertThat(outcome.rescheduled()).isPositive();
        assertThat(outcome.attempts()).hasSize(RateLimitExample.CALLS).containsOnly(1);

        assertThat(outcome.encodes()).isEqualTo(RateLimitExample.VIDEOS);
        assertThat(outcome.mostAtOnce()).isEqualTo(RateLimitExample.ENCODE_PERMITS);
        assertThat(outcome.keysLeft()).as("keys of the example's queues and limiters left at the end").isZero();
    }
}
