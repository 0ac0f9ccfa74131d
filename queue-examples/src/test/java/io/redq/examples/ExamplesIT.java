package io.redq.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.redq.core.RedQ;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisServer;
import io.redq.test.RedisTest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.redisson.api.options.KeysScanOptions;

/** Runs every example in-process against the test Redis and checks what it reports. */
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
    void demoRetriesTheFlakyTasksDeadLettersTheBadPartRunsEveryLevelAndDeletesItsKeys(RedisEndpoint redis)
            throws InterruptedException {
        Demo.Summary summary = Demo.run(redis.url());

        // the e-mails, the flaky contacts (after their retries), the partner calls and the one unique report
        assertThat(summary.processed()).isEqualTo(Demo.EMAILS + Demo.FLAKY + Demo.PARTNER_CALLS + 1);
        assertThat(summary.processedByLevel()).containsExactly(
                Map.entry("urgent", (long) Demo.EMAILS_PER_LEVEL[0] + Demo.PARTNER_CALLS),
                Map.entry("normal", (long) Demo.EMAILS_PER_LEVEL[1] + Demo.FLAKY + 1),
                Map.entry("bulk", (long) Demo.EMAILS_PER_LEVEL[2]));
        assertThat(summary.meanWaitMsByLevel().get("urgent")).as("urgent waits less than bulk")
                .isLessThan(summary.meanWaitMsByLevel().get("bulk"));
        // every flaky and every failing contact was retried after attempts 1 and 2
        assertThat(summary.retriesScheduled()).isEqualTo((long) (Demo.FLAKY + Demo.FAILING) * (Demo.MAX_ATTEMPTS - 1));
        assertThat(summary.succeededAfterRetry()).isEqualTo(Demo.FLAKY);
        assertThat(summary.deadLetters()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "exhausted", (long) Demo.FAILING,
                "malformed envelope", 1L,
                "unknown type", 1L,
                "payload binding", 1L));
        assertThat(summary.duplicatesRefused()).isEqualTo(1);
        assertThat(summary.partnerCalls()).isEqualTo(Demo.PARTNER_CALLS);
        assertThat(summary.partnerBusiestSecond()).as("partner calls in the busiest sliding second")
                .isLessThanOrEqualTo(Demo.PARTNER_LIMIT);
        assertThat(summary.rescheduled()).as("calls over the limit were put back").isPositive();
        assertThat(summary.elapsed()).isPositive();
        assertThat(summary.throughput()).isPositive();
        assertThat(summary.keysLeft()).isZero();
        try (RedQ redq = RedQ.connect(redis.url())) {
            KeysScanOptions demoKeys = KeysScanOptions.defaults().pattern("redq:{" + summary.queue() + "}:*");
            assertThat(redq.redisson().getKeys().getKeysStream(demoKeys)).as("keys of the demo queue").isEmpty();
        }
    }

    @Test
    void demoRunsOnTheRedis62BinaryOfTheEmbeddedRedisArtifact() throws InterruptedException {
        java.nio.file.Path binary = EmbeddedRedisBinary.extract().orElseThrow(() -> new AssertionError(
                "the embedded-redis artifact ships no redis-server for " + System.getProperty("os.name") + " "
                        + System.getProperty("os.arch")));
        try (RedisServer server = RedisServer.start(RedisServer.Options.builder().executable(binary).build())) {
            assertThat(server.command("INFO", "server")).as("the oldest Redis redq supports").contains("redis_version:6.2.");

            Demo.Summary summary = Demo.run(server.url());

            assertThat(summary.processed()).isEqualTo(Demo.EMAILS + Demo.FLAKY + Demo.PARTNER_CALLS + 1);
            assertThat(summary.deadLettered()).isEqualTo(Demo.FAILING + 3);
            assertThat(summary.partnerBusiestSecond()).isLessThanOrEqualTo(Demo.PARTNER_LIMIT);
            assertThat(summary.keysLeft()).isZero();
        }
    }

    @Test
    void retryAndDeadLetterExampleRetriesExhaustsInspectsRequeuesAndPurges(RedisEndpoint redis)
            throws InterruptedException {
        RetryAndDeadLetterExample.Outcome outcome = RetryAndDeadLetterExample.run(redis.url());

        assertThat(outcome.flakyAttempts()).as("failed twice, succeeded on the third").isEqualTo(3);
        // the flaky payment after attempts 1 and 2, each declined one after attempts 1 and 2
        assertThat(outcome.retriesScheduled()).isEqualTo(3 * (RetryAndDeadLetterExample.MAX_ATTEMPTS - 1));
        assertThat(outcome.deadLettered()).isEqualTo(2);
        assertThat(outcome.deadReasons()).containsExactly(Map.entry("exhausted", 2L));
        assertThat(outcome.requeued()).isTrue();
        assertThat(outcome.requeuedSucceeded()).isTrue();
        assertThat(outcome.requeuedHeader()).isEqualTo("1");
        assertThat(outcome.purged()).isEqualTo(1);
        assertThat(outcome.deadAfter()).isZero();
    }

    @Test
    void priorityExampleSharesSixThreeOneAndRunsTheStrictQueueInLevelOrder(RedisEndpoint redis)
            throws InterruptedException {
        PriorityExample.Outcome outcome = PriorityExample.run(redis.url());

        assertThat(outcome.weightedShares().get("urgent")).isCloseTo(60.0, within(10.0));
        assertThat(outcome.weightedShares().get("normal")).isCloseTo(30.0, within(10.0));
        assertThat(outcome.weightedShares().get("bulk")).as("bulk is not starved").isBetween(3.0, 20.0);

        List<String> expected = new ArrayList<>();
        for (String level : PriorityExample.NAMES) {
            for (int n = 1; n <= PriorityExample.STRICT_PER_LEVEL; n++) {
                expected.add(level + "-" + n); // all urgent first, FIFO inside each level
            }
        }
        assertThat(outcome.strictOrder()).containsExactlyElementsOf(expected);
    }

    @Test
    void delayedTaskExampleRunsEachTaskInDueOrderAndNotBeforeItsDueTime(RedisEndpoint redis)
            throws InterruptedException {
        DelayedTaskExample.Outcome outcome = DelayedTaskExample.run(redis.url());

        assertThat(outcome.delayedWhileWaiting()).isEqualTo(2);
        assertThat(outcome.runs()).extracting(DelayedTaskExample.Run::text)
                .containsExactly("at once", "at now + 400 ms", "in 900 ms");
        assertThat(outcome.runs()).isSortedAccordingTo(Comparator.comparingLong(DelayedTaskExample.Run::ranAfterMs));
        for (DelayedTaskExample.Run run : outcome.runs()) {
            if (run.notBefore() != null) {
                assertThat(run.startedAt()).as("'%s' started at or after its due time", run.text())
                        .isGreaterThanOrEqualTo(run.notBefore());
                assertThat(run.startedAt() - run.notBefore()).as("'%s' ms late", run.text()).isLessThan(2_000);
                assertThat(run.ranAfterMs()).isGreaterThanOrEqualTo(run.askedMs());
            }
        }
        assertThat(outcome.runs().get(0).notBefore()).as("a task run at once has no notBefore").isNull();
    }

    @Test
    void uniqueTaskExampleRefusesDuplicatesWhileTheTaskExistsAndTakesTheKeyAgainAfterwards(RedisEndpoint redis)
            throws InterruptedException {
        UniqueTaskExample.Outcome outcome = UniqueTaskExample.run(redis.url());

        assertThat(outcome.accepted()).isEqualTo(1);
        assertThat(outcome.refused()).isEqualTo(UniqueTaskExample.CLICKS - 1);
        assertThat(outcome.acceptedAfterwards()).isTrue();
        assertThat(outcome.rebuilds()).isEqualTo(2);
        assertThat(outcome.delayedRefused()).isTrue();
    }
}
