package io.redq.ratelimit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.redq.TaskQueue;
import io.redq.core.RedQ;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A queue rate limit of 100 tasks a second, burst 0, shared by four worker JVMs over 12 s of
 * backlog: no sliding one-second window holds more than 100 task starts, and the queue runs at
 * 95 a second or more. Starts are recorded in Redis server time, so the check holds even when the
 * workers' clocks disagree, which the second test makes them do.
 */
@RedisTest
class QueueRateLimitIT {

    private static final Logger log = LoggerFactory.getLogger(QueueRateLimitIT.class);
    private static final int LIMIT = 100;
    private static final int TASKS = 12 * LIMIT; // 12 s of backlog
    private static final int WORKERS = 4;
    private static final Pattern SKEW = Pattern.compile("clockMinusServerMs=(-?\\d+)");

    private RedQ redq;
    private final List<WorkerJvm> jvms = new ArrayList<>();

    @BeforeEach
    void connect(RedisEndpoint redis) {
        redq = RedQ.connect(redis.url());
    }

    @AfterEach
    void stop() {
        jvms.forEach(WorkerJvm::close);
        redq.close();
    }

    @Test
    void hundredPerSecondAcrossFourWorkerJvms(RedisEndpoint redis) {
        List<Long> starts = run(redis, false);
        assertRate(starts);
    }

    @Test
    void holdsWhenHalfTheWorkersClocksRun200MsAhead(RedisEndpoint redis) {
        assumeTrue(WorkerJvm.libfaketime().isPresent(),
                "libfaketime is not installed (Debian: apt-get install faketime); cannot skew worker clocks");
        List<Long> starts = run(redis, true);
        assertRate(starts);
    }

    private List<Long> run(RedisEndpoint redis, boolean skew) {
        String queue = Names.unique("queue-rate");
        TaskQueue q = redq.queue(queue);
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            jobs.add(new Job(i, 5));
        }
        q.producer().enqueueAll("job", jobs); // the backlog is there before any worker starts
        Timeline starts = new Timeline(redq.redisson(), "rl-test:{" + queue + "}:starts");
        String go = "rl-test:{" + queue + "}:go";
        List<String> args = List.of(redis.url(), queue, String.valueOf(LIMIT), "0", "4", "rl-test:{" + queue + "}:starts",
                go);
        for (int i = 0; i < WORKERS; i++) {
            jvms.add(skew && i % 2 == 1 ? WorkerJvm.startSkewed(RateWorkerMain.class, args, "+0.2s")
                    : WorkerJvm.start(RateWorkerMain.class, args));
        }
        List<Long> skews = new ArrayList<>();
        for (WorkerJvm jvm : jvms) {
            jvm.awaitOutput("READY", Duration.ofSeconds(60));
            skews.add(clockMinusServer(jvm));
        }
        if (skew) {
            long plain = Math.max(skews.get(0), skews.get(2));
            long ahead = Math.min(skews.get(1), skews.get(3));
            assertThat(ahead - plain).as("skew injected between worker clocks (ms), per JVM: " + skews)
                    .isBetween(150L, 300L);
        }
        redq.redisson().getBucket(go, StringCodec.INSTANCE).set("go", Duration.ofMinutes(5));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> starts.size() >= TASKS);
        List<Long> times = starts.times();
        starts.delete();
        redq.redisson().getKeys().delete(go);
        redq.redisson().getKeys().deleteByPattern("redq:{" + queue + "}:*");
        return times;
    }

    private static void assertRate(List<Long> starts) {
        assertThat(starts).hasSize(TASKS);
        int maxWindow = Timeline.maxInWindow(starts, 1_000_000);
        double perSecond = Timeline.perSecond(starts);
        String facts = String.format("%d starts over %.2f s: %.2f/s, busiest sliding 1 s window %d; per second %s;"
                + " load average %s", starts.size(), (starts.get(starts.size() - 1) - starts.get(0)) / 1e6, perSecond,
                maxWindow, perWholeSecond(starts), loadAverage());
        log.info(facts);
        assertThat(maxWindow).as("task starts in the busiest sliding 1 s window (" + facts + ")")
                .isLessThanOrEqualTo(LIMIT);
        assertThat(perSecond).as("tasks started per second (" + facts + ")").isGreaterThanOrEqualTo(95.0);
    }

    /** Starts in each whole second from the first, to show where a failure happened. */
    private static List<Integer> perWholeSecond(List<Long> starts) {
        List<Integer> out = new ArrayList<>();
        for (long t : starts) {
            int second = (int) ((t - starts.get(0)) / 1_000_000);
            while (out.size() <= second) {
                out.add(0);
            }
            out.set(second, out.get(second) + 1);
        }
        return out;
    }

    /** The machine's load average (Linux), since these figures depend on CPU being available. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static long clockMinusServer(WorkerJvm jvm) {
        for (String line : jvm.outputLines()) {
            Matcher m = SKEW.matcher(line);
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
        }
        throw new AssertionError("no READY line: " + jvm.outputLines());
    }
}
