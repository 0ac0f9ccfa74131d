package io.redq.core.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.redq.TaskQueue;
import io.redq.core.RedQ;
import io.redq.test.JvmProcess;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;

/**
 * Eight worker JVMs share 10,000 tasks; half-way through four are killed with SIGKILL and four are
 * stopped with SIGTERM, and two fresh JVMs finish the work. Every task completes; the only tasks run
 * twice are ones that were in the killed JVMs' active lists at the kill, none of the stopped ones.
 */
@RedisTest
class MassCrashIT {

    private static final int TASKS = 10_000;
    private static final Duration LEASE = Duration.ofSeconds(2);
    /** Small JVMs, so that ten of them fit a loaded two-core machine. */
    private static final List<String> JVM_ARGS = List.of("-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final ObjectMapper JSON = new ObjectMapper();

    private RedQ redq;
    private RedisEndpoint redis;

    @BeforeEach
    void connect(RedisEndpoint redis) {
        this.redis = redis;
        redq = RedQ.connect(redis.url());
    }

    @AfterEach
    void close() {
        redq.close();
    }

    @Test
    void killingFourAndStoppingFourOfEightWorkersLosesNothingAndDuplicatesOnlyTheKilledInFlight()
            throws Exception {
        String name = ItSupport.queueName("mass-crash");
        TaskQueue queue = redq.queue(name);
        Runs runs = new Runs(redq.redisson(), name);
        List<JvmProcess> workers = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                workers.add(startWorker(name));
            }
            for (JvmProcess w : workers) {
                w.awaitOutput("READY ", Duration.ofSeconds(90));
            }
            List<String> ids = ItSupport.enqueueJobs(queue, TASKS, 10);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                    .until(() -> runs.distinct() >= TASKS / 2);

            Set<String> inFlightAtKill = new HashSet<>();
            List<String> killedActive = new ArrayList<>();
            for (JvmProcess w : workers.subList(0, 4)) {
                w.kill();
                // Nothing touches a dead consumer's active list until its lease expires (2 s).
                String active = "redq:{" + name + "}:active:" + consumerId(w);
                killedActive.add(active);
                inFlightAtKill.addAll(taskIds(active));
            }
            for (JvmProcess w : workers.subList(4, 8)) {
                w.terminate();
            }
            for (JvmProcess w : workers.subList(4, 8)) {
                assertThat(w.waitForExit(Duration.ofSeconds(60))).as("exit after SIGTERM").isEqualTo(143);
            }
            assertThat(inFlightAtKill).as("tasks in flight in the killed JVMs").isNotEmpty();
            assertThat(runs.distinct()).as("work left for the fresh workers").isLessThan(TASKS);

            workers.add(startWorker(name));
            workers.add(startWorker(name));
            await().atMost(Duration.ofSeconds(120)).until(() -> runs.distinct() == TASKS
                    && queue.stats().pending() == 0);
            for (String active : killedActive) {
                assertThat(ItSupport.llen(redq, active)).as(active).isZero();
            }
            Map<String, String> all = runs.all();
            assertThat(all.keySet()).as("completed tasks").containsExactlyInAnyOrderElementsOf(ids);
            Set<String> twice = new HashSet<>();
            all.forEach((id, n) -> {
                if (Long.parseLong(n) > 1) {
                    twice.add(id);
                }
            });
            assertThat(inFlightAtKill).as("tasks run twice must have been in flight in a killed JVM")
                    .containsAll(twice);
            System.out.printf("mass crash: %d/%d completed, 0 lost, %d in flight in the killed JVMs, %d run twice%n",
                    all.size(), TASKS, inFlightAtKill.size(), runs.duplicates());
        } finally {
            workers.forEach(JvmProcess::close);
        }
    }

    private JvmProcess startWorker(String queue) {
        return JvmProcess.start(WorkerMain.class, List.of(redis.url(), queue, "4", String.valueOf(LEASE.toMillis())),
                Map.of(), JVM_ARGS);
    }

    private static String consumerId(JvmProcess w) {
        return w.outputLines().stream().filter(l -> l.startsWith("READY ")).findFirst().orElseThrow().substring(6);
    }

    private Set<String> taskIds(String activeKey) throws Exception {
        Set<String> ids = new HashSet<>();
        for (String raw : redq.redisson().<String>getList(activeKey, StringCodec.INSTANCE).readAll()) {
            ids.add(JSON.readTree(raw).get("id").asText());
        }
        return ids;
    }
}
