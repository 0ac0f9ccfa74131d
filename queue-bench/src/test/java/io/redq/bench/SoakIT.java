package io.redq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A 60-second soak (see {@link Soak}): a steady 100 tasks/s while a worker JVM is killed with
 * SIGKILL and replaced every 15 s. Nothing acknowledged is lost, no key of the queue is left after
 * the drain, and the queue's keys and Redis' memory do not pile up during the run.
 */
class SoakIT {

    @Test
    @Timeout(240)
    void sixtySecondsWithAWorkerKilledEvery15SecondsLoseNothingAndLeaveNoKeys() throws Exception {
        SoakOptions options = SoakOptions.parse("--seconds", "60", "--rate", "100", "--kill-every", "15",
                "--workers", "3", "--concurrency", "4", "--lease-seconds", "3", "--sample-every", "5");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        SoakReport report = Soak.run(options, out);
        System.out.println(buf.toString(StandardCharsets.UTF_8));

        assertThat(report.enqueued()).as("enqueued at 100/s for 60 s").isGreaterThan(5_000);
        assertThat(report.workersKilled()).isGreaterThanOrEqualTo(3);
        assertThat(report.lost()).as("acknowledged tasks that never ran").isZero();
        assertThat(report.leftoverKeys()).as("keys of the queue left after the drain").isEmpty();
        // ready, consumers, completed, one active list per live worker and those of killed ones not yet recovered
        assertThat(report.samples()).allSatisfy(s -> assertThat(s.queueKeys()).as("queue keys at %d s", s.second())
                .isLessThanOrEqualTo(3 + 3 + 2));
        long minMemory = report.samples().stream().mapToLong(s -> s.usedMemory() - s.runsHashBytes()).min()
                .orElseThrow();
        assertThat(report.samples()).allSatisfy(s -> assertThat(s.usedMemory() - s.runsHashBytes())
                .as("used_memory without the run counts at %d s", s.second()).isLessThan(minMemory + 16 * 1024 * 1024));
        assertThat(report.steadyHeap()).as("heap samples of the never-killed worker").hasSizeGreaterThan(5);
        assertThat(report.passed()).isTrue();
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).isEmpty();
    }
}
