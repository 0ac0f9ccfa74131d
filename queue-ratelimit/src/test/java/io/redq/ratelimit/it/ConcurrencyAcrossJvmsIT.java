package io.redq.ratelimit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redq.TaskQueue;
import io.redq.core.RedQ;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RScoredSortedSet;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A concurrency limit of 3 over 3 worker JVMs (2 handler slots each) running slow tasks: at most 3
 * run at once, cluster-wide, and all complete. One JVM is killed with -9 while it holds permits:
 * they come free within the lease and the others carry on. Runs are recorded in Redis server time.
 */
@RedisTest
class ConcurrencyAcrossJvmsIT {

    private static final Logger log = LoggerFactory.getLogger(ConcurrencyAcrossJvmsIT.class);
    private static final int PERMITS = 3;
    private static final long LEASE_MS = 2_000;
    private static final int TASKS = 18;

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
    void neverMoreThanThreeAtOnceAndAKilledHoldersPermitsComeBackWithinTheLease(RedisEndpoint redis) {
        TaskQueue queue = redq.queue(Names.unique("encode"));
        String limiter = Names.unique("video-encode");
        String timelineKey = "rl-test:{" + queue.name() + "}:runs";
        Timeline runs = new Timeline(redq.redisson(), timelineKey);
        RScoredSortedSet<String> holders = redq.redisson().getScoredSortedSet(
                "redq:limit:{" + limiter + "}:concurrency", StringCodec.INSTANCE);
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            jobs.add(new Job(i, 700));
        }
        queue.producer().enqueueAll("slow", jobs);
        List<String> args = List.of(redis.url(), queue.name(), limiter, String.valueOf(PERMITS), String.valueOf(LEASE_MS),
                "2", timelineKey);
        for (int i = 0; i < 3; i++) {
            jvms.add(WorkerJvm.start(ConcurrencyWorkerMain.class, args));
        }
        jvms.forEach(j -> j.awaitOutput("READY", Duration.ofSeconds(60)));

        WorkerJvm victim = jvms.get(0);
        String victimPrefix = victim.pid() + "-";
        String victimRun = "|" + victim.pid() + "|";
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)) // mid-task, holding a permit
                .until(() -> holders.readAll().stream().anyMatch(h -> h.startsWith(victimPrefix))
                        && runningOn(runs, victimRun));
        victim.kill();
        long killedAt = Timeline.serverMicros(redq.redisson());
        Set<String> orphaned = holders.readAll().stream().filter(h -> h.startsWith(victimPrefix))
                .collect(Collectors.toSet());
        assertThat(orphaned).as("permits the killed JVM held").isNotEmpty();

        await().atMost(Duration.ofMillis(LEASE_MS + 3_000)).pollInterval(Duration.ofMillis(20))
                .until(() -> holders.readAll().stream().noneMatch(orphaned::contains));
        long freedAt = Timeline.serverMicros(redq.redisson());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> finishedTasks(runs) == TASKS && queue.stats().pending() == 0);

        Map<String, Long> all = runs.entries();
        long freedMs = (freedAt - killedAt) / 1000;
        int most = maxConcurrent(all, victim.pid(), killedAt);
        boolean othersProceeded = all.entrySet().stream().anyMatch(e -> e.getKey().startsWith("start|")
                && e.getValue() > freedAt - 100_000 && !e.getKey().contains("|" + victim.pid() + "|"));
        log.info("{} runs of {} tasks; most at once {}; killed JVM's {} permit(s) free {} ms after the kill",
                all.keySet().stream().filter(k -> k.startsWith("start|")).count(), TASKS, most, orphaned.size(), freedMs);
        assertThat(freedMs).as("ms from the kill until the killed JVM's permits were free (lease " + LEASE_MS + " ms)")
                .isLessThanOrEqualTo(LEASE_MS + 500);
        assertThat(othersProceeded).as("a run started on another JVM once the permits were back").isTrue();
        assertThat(most).as("most runs at once, cluster-wide").isEqualTo(PERMITS);
        assertThat(queue.stats().dead()).isZero();
        runs.delete();
        redq.redisson().getKeys().deleteByPattern("redq:{" + queue.name() + "}:*");
    }

    private static boolean runningOn(Timeline runs, String pidPart) {
        Set<String> members = runs.entries().keySet();
        return members.stream().anyMatch(m -> m.startsWith("start|") && m.contains(pidPart)
                && !members.contains("end|" + m.substring("start|".length())));
    }

    /** Distinct tasks with a recorded end. */
    private static int finishedTasks(Timeline runs) {
        return (int) runs.entries().keySet().stream().filter(k -> k.startsWith("end|"))
                .map(k -> k.split("\\|")[1]).distinct().count();
    }

    /**
     * The most runs whose [start, end) overlap. A run of the killed JVM that never recorded its end
     * ended at the kill.
     */
    private static int maxConcurrent(Map<String, Long> all, long killedPid, long killedAt) {
        Map<String, long[]> spans = new HashMap<>();
        all.forEach((member, at) -> {
            int bar = member.indexOf('|');
            long[] span = spans.computeIfAbsent(member.substring(bar + 1), k -> new long[] {-1, -1});
            span[member.startsWith("start|") ? 0 : 1] = at;
        });
        List<long[]> edges = new ArrayList<>();
        Set<String> unfinished = new HashSet<>();
        spans.forEach((run, span) -> {
            long end = span[1];
            if (end < 0) {
                assertThat(run).as("only the killed JVM leaves runs without an end").contains("|" + killedPid + "|");
                end = killedAt;
                unfinished.add(run);
            }
            edges.add(new long[] {span[0], 1});
            edges.add(new long[] {end, -1});
        });
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int now = 0;
        int most = 0;
        for (long[] e : edges) {
            now += (int) e[1];
            most = Math.max(most, now);
        }
        return most;
    }
}
