package io.redq.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.redq.core.RedQ;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.redisson.api.options.KeysScanOptions;

/** Runs the examples in-process against the test Redis and checks what they report. */
@RedisTest
class ExamplesIT {

    @Test
    void quickStartSendsEveryEmailAndLeavesNothingBehind(RedisEndpoint redis) throws InterruptedException {
        QuickStart.Outcome outcome = QuickStart.run(redis.url());

        assertThat(outcome.sent()).isEqualTo(QuickStart.EMAILS);
        assertThat(outcome.after().pending()).isZero();
        assertThat(outcome.after().dead()).isZero();
        assertThat(outcome.after().consumers()).as("workers released their leases").isZero();
    }

    @Test
    void demoRunsTheMixedWorkloadDeadLettersTheBadPartAndDeletesItsKeys(RedisEndpoint redis)
            throws InterruptedException {
        Demo.Summary summary = Demo.run(redis.url());

        assertThat(summary.processed()).isEqualTo(Demo.EMAILS + 1); // the e-mails and the one unique report
        assertThat(summary.deadLetters()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "failed", (long) Demo.FAILING,
                "malformed envelope", 1L,
                "unknown type", 1L,
                "payload binding", 1L));
        assertThat(summary.duplicatesRefused()).isEqualTo(1);
        assertThat(summary.elapsed()).isPositive();
        assertThat(summary.throughput()).isPositive();
        assertThat(summary.keysLeft()).isZero();
        try (RedQ redq = RedQ.connect(redis.url())) {
            KeysScanOptions demoKeys = KeysScanOptions.defaults().pattern("redq:{" + summary.queue() + "}:*");
            assertThat(redq.redisson().getKeys().getKeysStream(demoKeys)).as("keys of the demo queue").isEmpty();
        }
    }
}
