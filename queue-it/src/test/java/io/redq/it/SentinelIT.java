package io.redq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import io.redq.core.RedisConnectException;
import io.redq.test.RedisSentinelGroup;
import io.redq.test.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** redq through Redis Sentinel (1 master, 1 replica, 3 sentinels): connect, drain, bad master name, failover. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SentinelIT {

    private static final Duration LEASE = Duration.ofSeconds(2);
    /**
     * {@code down-after-milliseconds} of the test group: 5 s, the value of the Sentinel tutorial in
     * the Redis documentation (the default is 30 s; much lower and a GC pause or a busy network fails
     * the master over for nothing). It is also at least redq's default command timeout, so a call that
     * was on the wire to the killed master has timed out before the replica takes over. The failover
     * test asserts that workers resume within two of it from the kill.
     */
    private static final Duration DOWN_AFTER = Duration.ofSeconds(5);

    private static RedisSentinelGroup group;

    @BeforeAll
    static void startGroup() {
        group = RedisSentinelGroup.start(DOWN_AFTER);
    }

    @AfterAll
    static void stopGroup() {
        if (group != null) {
            group.close();
        }
    }

    @Test
    @Order(1)
    void enqueueAndDrainThroughTheSentinelsByUrlBuilderAndProperties() {
        Properties properties = new Properties();
        properties.setProperty("redq.url", group.url());
        properties.setProperty("redq.commandTimeout", "3s");
        String[] sentinels = group.sentinelAddresses().toArray(String[]::new);
        try (RedQ byUrl = RedQ.connect(group.url());
             RedQ byBuilder = RedQ.builder().sentinel(RedisSentinelGroup.MASTER_NAME, sentinels).build();
             RedQ byProperties = RedQ.fromProperties(properties)) {
            String name = "sn-drain";
            List<String> ids = new java.util.ArrayList<>(byUrl.queue(name).producer()
                    .enqueueAll("job", ClusterIT.jobs(100)));
            ids.addAll(byProperties.queue(name).producer().enqueueAll("job", ClusterIT.jobs(100)));
            assertThat(group.master().command("LLEN", "redq:{" + name + "}:ready")).as("on the master").isEqualTo("200");
            Set<String> ran = ConcurrentHashMap.newKeySet();
            try (Worker worker = byBuilder.queue(name).worker(WorkerOptions.builder().concurrency(8).lease(LEASE)
                    .fetchTimeout(Duration.ofSeconds(1)).build())
                    .handle("job", Job.class, (job, ctx) -> ran.add(ctx.taskId())).start()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> ran.size() == ids.size());
            }
            assertThat(ran).containsExactlyInAnyOrderElementsOf(ids);
            await().atMost(Duration.ofSeconds(10)).until(() -> byUrl.queue(name).stats().pending() == 0);
        }
    }

    @Test
    @Order(2)
    void anUnknownMasterNameFailsAtBuildNamingIt() {
        String url = "redis-sentinel://" + String.join(",", group.sentinelAddresses()) + "/no-such-master";
        assertThatThrownBy(() -> RedQ.builder().url(url).connectTimeout(Duration.ofSeconds(2)).build())
                .isInstanceOf(RedisConnectException.class).hasMessageContaining("'no-such-master'")
                .satisfies(e -> System.out.println("unknown master: " + e.getMessage()));
    }

    @Test
    @Order(100)
    void workersResumeWithinTwoDownAfterPeriodsOfTheKillOfTheMasterDuringLoad() throws Exception {
        RedisServer old = group.master();
        try (RedQ redq = RedQ.connect(group.url())) {
            TaskQueue queue = redq.queue("sn-failover");
            String oldAddress = old.host() + ":" + old.port();
            // promoted once every sentinel names the new master: the client asks one of them, and the
            // others learn of the failover up to 2 s after the one that led it
            Failover.Result r = Failover.underLoad(queue, LEASE, group::killMaster, () -> {
                List<String> named = group.masterAddressesBySentinel();
                return named.size() == group.sentinelAddresses().size()
                        && named.stream().noneMatch(oldAddress::equals) && named.stream().distinct().count() == 1;
            });
            System.out.println(r.describe("sentinel", "down-after", group.downAfter()));
            r.assertWithin(group.downAfter().multipliedBy(2));
        }
    }
}
