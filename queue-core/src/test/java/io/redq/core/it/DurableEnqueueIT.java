package io.redq.core.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.redq.Producer;
import io.redq.QueueUnavailableException;
import io.redq.TaskQueue;
import io.redq.TaskRequest;
import io.redq.core.RedQ;
import io.redq.test.RedisServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Durable enqueue (WAIT) against a real master and replica. */
class DurableEnqueueIT {

    private static RedisServer master;
    private static RedisServer replica;
    private static RedQ redq;

    @BeforeAll
    static void startMasterAndReplica() {
        master = RedisServer.start();
        replica = RedisServer.start(RedisServer.Options.builder()
                .extraArgs("--replicaof", master.host(), String.valueOf(master.port())).build());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> replica.command("INFO", "replication").contains("master_link_status:up"));
        redq = RedQ.connect(master.url());
    }

    @AfterAll
    static void stop() {
        if (redq != null) {
            redq.close();
        }
        if (replica != null) {
            replica.close();
        }
        if (master != null) {
            master.close();
        }
    }

    @Test
    void aDurableEnqueueReturnsOnlyOnceTheReplicaHoldsTheTask() {
        TaskQueue queue = redq.queue(ItSupport.queueName("durable"));
        Producer durable = queue.producer().durable(1, Duration.ofSeconds(5));
        String ready = "redq:{" + queue.name() + "}:ready";

        String id = durable.enqueue("job", 1);
        // no waiting here: WAIT returned, so the replica has applied the write already
        assertThat(replica.command("LRANGE", ready, "0", "-1")).contains(id);

        List<String> ids = durable.enqueueAll("job", List.of(2, 3, 4));
        assertThat(replica.command("LLEN", ready)).isEqualTo("4");
        assertThat(replica.command("LRANGE", ready, "0", "-1")).contains(ids.get(2));

        assertThat(durable.enqueue(TaskRequest.of("job", 5).uniqueKey("five"))).isPresent();
        assertThat(replica.command("EXISTS", "redq:{" + queue.name() + "}:unique:five")).isEqualTo("1");
        assertThat(durable.enqueue(TaskRequest.of("job", 6).delay(Duration.ofMinutes(5)))).isPresent();
        assertThat(replica.command("ZCARD", "redq:{" + queue.name() + "}:delayed")).isEqualTo("1");
    }

    @Test
    void whenTheReplicaDoesNotConfirmInTimeTheEnqueueFailsSayingTheTaskIsOnTheMasterOnly() {
        TaskQueue queue = redq.queue(ItSupport.queueName("unconfirmed"));
        Producer durable = queue.producer().durable(1, Duration.ofMillis(500));
        String ready = "redq:{" + queue.name() + "}:ready";
        replica.pause(); // SIGSTOP: connected, but it acknowledges nothing
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> durable.enqueue("job", 1))
                    .isInstanceOf(QueueUnavailableException.class)
                    .hasMessageContaining("0 of 1 replica(s) confirmed the write within 500 ms")
                    .hasMessageContaining("is on the Redis master")
                    .hasMessageContaining("unique key");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("failed after the WAIT timeout, not later")
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(master.command("LLEN", ready)).as("the task is on the master").isEqualTo("1");

            assertThat(queue.producer().enqueue("job", 2)).as("a plain producer does not wait").isNotBlank();
        } finally {
            replica.resume();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "2".equals(replica.command("LLEN", ready)));
    }

    @Test
    void badArgumentsAreRefusedByName() {
        Producer producer = redq.queue(ItSupport.queueName("durable-args")).producer();
        assertThatThrownBy(() -> producer.durable(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replicas");
        assertThatThrownBy(() -> producer.durable(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> producer.durable(1, null)).hasMessageContaining("timeout");
    }
}
