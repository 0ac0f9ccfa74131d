package io.redq.core.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redq.DeadLetter;
import io.redq.DeadLetterFilter;
import io.redq.TaskQueue;
import io.redq.TaskRequest;
import io.redq.Worker;
import io.redq.core.RedQ;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * Bytes that are not UTF-8 in a ready list still end in the dead-letter queue (nothing is stuck in
 * an active list), and text outside ASCII in names, keys, payloads and errors survives every move.
 */
@RedisTest
class HostileBytesIT {

    private RedQ redq;

    @BeforeEach
    void connect(RedisEndpoint redis) {
        redq = RedQ.connect(redis.url());
    }

    @AfterEach
    void close() {
        redq.close();
    }

    @Test
    void invalidUtf8IsDeadLetteredAsMalformedAndTextOutsideAsciiSurvivesEveryMove() {
        // A queue name outside ASCII too: keys travel as UTF-8 while raw tasks travel byte-exact.
        TaskQueue queue = redq.queue(ItSupport.queueName("bytes-é日本"));
        redq.redisson().getDeque("redq:{" + queue.name() + "}:ready", ByteArrayCodec.INSTANCE)
                .addFirst(new byte[] {(byte) 0xff, (byte) 0xfe, '{', '"', (byte) 0xc3});
        String good = queue.producer().enqueue(TaskRequest.of("job", new Job(1, 0)).uniqueKey("ключ-€"))
                .orElseThrow();
        String failing = queue.producer().enqueue("fail", Map.of("note", "naïve ☃"));
        Set<String> done = ConcurrentHashMap.newKeySet();
        try (Worker w = queue.worker().handle("job", Job.class, (job, ctx) -> done.add(ctx.taskId()))
                .handle("fail", Map.class, (m, ctx) -> {
                    throw new IllegalStateException("échec ☃ " + m.get("note"));
                }).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> queue.deadLetters().size() == 2
                    && queue.stats().pending() == 0);
        }
        assertThat(done).containsExactly(good);
        assertThat(queue.deadLetters().list(DeadLetterFilter.all().reason("malformed envelope"), 0, 10)).hasSize(1);
        DeadLetter failed = queue.deadLetters().get(failing).orElseThrow();
        assertThat(failed.errorMessage()).isEqualTo("échec ☃ naïve ☃");
        assertThat(failed.envelope().payload()).isEqualTo("{\"note\":\"naïve ☃\"}");
        assertThat(queue.stats().active()).isZero();
        assertThat(queue.producer().enqueueUnique("job", new Job(2, 0), "ключ-€")).as("unique key released").isPresent();
    }
}
