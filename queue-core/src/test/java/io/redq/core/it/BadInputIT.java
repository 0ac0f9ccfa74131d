package io.redq.core.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.redq.DeadLetter;
import io.redq.TaskQueue;
import io.redq.TaskRequest;
import io.redq.Worker;
import io.redq.WorkerState;
import io.redq.core.RedQ;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;

/** Bad input never stops a worker, and bad arguments fail fast without writing anything. */
@RedisTest
class BadInputIT {

    private RedQ redq;

    @BeforeEach
    void connect(RedisEndpoint redis) {
        redq = RedQ.builder().url(redis.url()).maxPayloadBytes(1024 * 1024).build();
    }

    @AfterEach
    void close() {
        redq.close();
    }

    @Test
    void garbageUnknownTypeAndUnbindablePayloadAreDeadLetteredAndTheWorkerGoesOn() {
        TaskQueue queue = redq.queue(ItSupport.queueName("bad"));
        String ready = "redq:{" + queue.name() + "}:ready";
        redq.redisson().getDeque(ready, StringCodec.INSTANCE).addFirst("this is not json {");
        String unknown = queue.producer().enqueue("no-such-type", new Job(1, 0));
        String unbindable = queue.producer().enqueue("job", Map.of("n", "not a number", "sleepMs", 0));
        String good = queue.producer().enqueue("job", new Job(2, 0));
        Map<String, Job> handled = new ConcurrentHashMap<>();
        try (Worker w = queue.worker().handle("job", Job.class, (job, ctx) -> handled.put(ctx.taskId(), job))
                .start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.containsKey(good)
                    && queue.deadLetters().size() == 3);
            assertThat(w.state()).isEqualTo(WorkerState.RUNNING);
        }
        List<DeadLetter> dead = queue.deadLetters().list(0, 10);
        assertThat(dead).extracting(DeadLetter::reason)
                .containsExactlyInAnyOrder("malformed envelope", "unknown type", "payload binding");
        DeadLetter garbage = dead.stream().filter(d -> d.reason().equals("malformed envelope")).findFirst()
                .orElseThrow();
        assertThat(garbage.envelope().payload()).isEqualTo("\"this is not json {\"");
        assertThat(garbage.errorMessage()).contains("not JSON");
        assertThat(queue.deadLetters().get(unknown).orElseThrow().errorMessage())
                .contains("no handler for task type 'no-such-type'").contains("registered: [job]");
        DeadLetter binding = queue.deadLetters().get(unbindable).orElseThrow();
        assertThat(binding.errorClass()).contains("com.fasterxml.jackson");
        assertThat(binding.errorMessage()).contains("not a number");
        assertThat(queue.stats().ready()).isZero();
        assertThat(queue.stats().active()).isZero();
    }

    @Test
    void envelopeFieldsOfTheWrongShapeAreMalformed() {
        TaskQueue queue = redq.queue(ItSupport.queueName("shape"));
        String ready = "redq:{" + queue.name() + "}:ready";
        var deque = redq.redisson().<String>getDeque(ready, StringCodec.INSTANCE);
        deque.addFirst("[1,2,3]");
        deque.addFirst("{\"v\":1,\"type\":\"job\",\"payload\":{}}");
        deque.addFirst("{\"v\":99,\"id\":\"x\",\"type\":\"job\",\"payload\":{}}");
        try (Worker w = queue.worker().handle("job", Job.class, (job, ctx) -> { }).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> queue.deadLetters().size() == 3);
        }
        assertThat(queue.deadLetters().list(0, 10)).extracting(DeadLetter::errorMessage)
                .containsExactlyInAnyOrder("not a JSON object", "field 'id' is missing or not a non-blank string",
                        "unsupported envelope version 99 (this redq reads up to 1)");
    }

    @Test
    void badEnqueueArgumentsThrowNamingTheArgumentAndWriteNothing() {
        TaskQueue queue = redq.queue(ItSupport.queueName("args"));
        var producer = queue.producer();
        assertThatThrownBy(() -> producer.enqueue("job", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("payload must not be null");
        assertThatThrownBy(() -> producer.enqueue(" ", new Job(1, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type");
        assertThatThrownBy(() -> producer.enqueue("job", "x".repeat(1024 * 1024)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("payload")
                .hasMessageContaining("over the limit of 1048576 bytes");
        assertThatThrownBy(() -> producer.enqueueAll("job", List.of(new Job(1, 0), "y".repeat(2 * 1024 * 1024))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("payloads[1]");
        assertThatThrownBy(() -> producer.enqueueAll("job", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("payloads");
        assertThatThrownBy(() -> producer.enqueue(TaskRequest.of("job", new Job(1, 0)).uniqueKey(" ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uniqueKey");
        assertThatThrownBy(() -> redq.queue("bad{name}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("queue name 'bad{name}'");
        assertThatThrownBy(() -> redq.queue("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("queue name");
        assertThat(redq.redisson().getKeys().countExists("redq:{" + queue.name() + "}:ready")).isZero();
        assertThat(redq.redisson().getKeys().getKeysByPattern("redq:{" + queue.name() + "}:*")).isEmpty();
    }
}
