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

    private static RedisSentinelGroup group;

    @BeforeAll
    static void startGroup() {
        group = RedisSentinelGroup.start();
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
    void workersResumeWithinOneBackOffOfThePromotionAfterTheMasterIsKilledDuringLoad() throws Exception {
        RedisServer old = group.master();
        try (RedQ redq = RedQ.connect(group.url())) {
            TaskQueue queue = redq.queue("sn-failover");
            Failover.Result r = Failover.underLoad(queue, LEASE, group::killMaster,
                    () -> group.master() != old);
            System.out.printf("sentinel failover: down-after %d ms, promoted after %d ms, every worker acknowledging again after %d ms,"
                            + " producer enqueuing again after %d ms (from the kill); %d acknowledged enqueues, %d lost,"
                            + " %d enqueue errors, %d duplicates; durable enqueues (1 replica): %d acknowledged, %d lost"
                            + " (plain enqueues lost: %d)%n", group.downAfter().toMillis(), r.promotedAfterMs(), r.resumedAfterMs(),
                    r.producerResumedAfterMs(), r.acknowledged(), r.lost(), r.enqueueErrors(), r.duplicates(),
                    r.durableAcknowledged(), r.durableLost(), r.lost() - r.durableLost());
            assertThat(r.resumedAfterMs() - r.promotedAfterMs()).as("ms from promotion to every worker acknowledging again")
                    .isLessThanOrEqualTo(Failover.MAX_WORKER_BACK_OFF.toMillis());
            assertThat(r.everyWorkerResumed()).as("every worker ran tasks after the failover").isTrue();
            assertThat(r.durableAcknowledged()).as("durable enqueues acknowledged").isPositive();
            assertThat(r.durableLost()).as("acknowledged durable enqueues that never ran").isZero();
        }
    }
}
