package io.redq.core.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.redq.DeadLetter;
import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.WorkerState;
import io.redq.core.RedQ;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RDeque;
import org.redisson.api.RScript;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;

/**
 * 10,000 hostile entries pushed straight into a ready list (random bytes, truncated JSON, 10,000-deep
 * nesting, 10 MB strings, over-long numbers, fields of the wrong type, {@code @class} gadget payloads):
 * every one ends in the dead-letter queue with a reason, the worker neither dies nor stalls, and no
 * class named in a message is ever loaded or constructed.
 */
@RedisTest
class HostileInputIT {

    private static final int ENTRIES = 10_000;
    private static final int TEN_MB = 10 * 1024 * 1024;

    private RedisEndpoint redis;

    @BeforeEach
    void endpoint(RedisEndpoint redis) {
        this.redis = redis;
        assertThat(GadgetFlags.INITIALIZED).isFalse();
    }

    @Test
    void tenThousandHostileEntriesAllEndInDeadLetterAndAGoodTaskStillRuns() throws Exception {
        assertThat(Class.forName(GadgetFlags.GADGET_CLASS, false, getClass().getClassLoader())).isNotNull();
        // A strict mapper (unknown properties fail), so a payload naming '@class' does not bind to Job.
        try (RedQ redq = RedQ.builder().url(redis.url()).objectMapper(new ObjectMapper()).build()) {
            TaskQueue queue = redq.queue(ItSupport.queueName("hostile"));
            RDeque<byte[]> ready = redq.redisson().getDeque("redq:{" + queue.name() + "}:ready",
                    ByteArrayCodec.INSTANCE);
            List<byte[]> entries = hostileEntries();
            for (int i = 0; i < entries.size(); i += 500) {
                ready.addFirst(entries.subList(i, Math.min(entries.size(), i + 500)).toArray(new byte[0][]));
            }
            String good = queue.producer().enqueue("job", new Job(1, 0));
            Map<String, Job> ran = new ConcurrentHashMap<>();
            try (Worker w = queue.worker(WorkerOptions.builder().concurrency(8).build())
                    .handle("job", Job.class, (job, ctx) -> ran.put(ctx.taskId(), job)).start()) {
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                        .until(() -> ran.containsKey(good) && queue.stats().pending() == 0);
                assertThat(w.state()).isEqualTo(WorkerState.RUNNING);
            }
            assertThat(ran).containsOnlyKeys(good);
            assertThat(queue.deadLetters().size()).isEqualTo(ENTRIES);
            Set<String> reasons = new HashSet<>();
            int overLimit = 0;
            int tooDeep = 0;
            for (int page = 0; page < ENTRIES; page += 1000) {
                for (DeadLetter d : queue.deadLetters().list(page, 1000)) {
                    reasons.add(d.reason());
                    assertThat(d.errorMessage()).as("error of %s (%s)", d.envelope().id(), d.reason()).isNotBlank();
                    overLimit += d.errorMessage().contains("bytes long, over the limit of") ? 1 : 0;
                    tooDeep += d.errorMessage().contains("nesting depth") ? 1 : 0;
                }
            }
            assertThat(reasons).containsExactlyInAnyOrder("malformed envelope", "payload binding", "unknown type");
            assertThat(overLimit).as("the two 10 MB entries, refused before parsing").isEqualTo(2);
            assertThat(tooDeep).as("entries nested deeper than 1000").isEqualTo(1_000);
            long longest = redq.redisson().getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_ONLY,
                    "local m = 0 for _, k in ipairs(redis.call('HKEYS', KEYS[1])) do"
                            + " m = math.max(m, redis.call('HSTRLEN', KEYS[1], k)) end return m",
                    RScript.ReturnType.LONG, List.of("redq:{" + queue.name() + "}:dead:records"));
            assertThat(longest).as("longest dead-letter record, bytes").isLessThan(200_000);
            assertThat(queue.stats().active()).isZero();
        }
        assertThat(GadgetFlags.INITIALIZED).as("gadget class initialized").isFalse();
        assertThat(GadgetFlags.CONSTRUCTED).as("gadget constructed").isFalse();
    }

    @Test
    void withTheDefaultLenientMapperGadgetPayloadsBindAsPlainDataOnly() {
        try (RedQ redq = RedQ.connect(redis.url())) {
            TaskQueue queue = redq.queue(ItSupport.queueName("gadget"));
            String gadget = "{\"@class\":\"" + GadgetFlags.GADGET_CLASS + "\",\"command\":\"touch /tmp/pwned\"}";
            RDeque<byte[]> ready = redq.redisson().getDeque("redq:{" + queue.name() + "}:ready",
                    ByteArrayCodec.INSTANCE);
            for (String type : List.of("object", "map", "job")) {
                ready.addFirst(envelope("g-" + type, type, gadget));
                ready.addFirst(envelope("w-" + type, type, "[\"" + GadgetFlags.GADGET_CLASS + "\",{\"command\":\"x\"}]"));
            }
            Map<String, Object> ran = new ConcurrentHashMap<>();
            try (Worker w = queue.worker().handle("object", Object.class, (p, ctx) -> ran.put(ctx.taskId(), p))
                    .handle("map", Map.class, (p, ctx) -> ran.put(ctx.taskId(), p))
                    .handle("job", Job.class, (p, ctx) -> ran.put(ctx.taskId(), p)).start()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> queue.stats().pending() == 0
                        && ran.size() + queue.deadLetters().size() == 6);
            }
            // Object and Map get plain maps and lists; Job ignores the unknown '@class' (lenient mapper)
            assertThat(ran).containsOnlyKeys("g-object", "w-object", "g-map", "g-job");
            assertThat(ran.values()).allSatisfy(p -> assertThat(p.getClass().getName())
                    .isIn(LinkedHashMap.class.getName(), ArrayList.class.getName(), Job.class.getName()));
            assertThat(queue.deadLetters().list(0, 10)).extracting(DeadLetter::reason)
                    .containsOnly("payload binding").hasSize(2);
        }
        assertThat(GadgetFlags.INITIALIZED).isFalse();
        assertThat(GadgetFlags.CONSTRUCTED).isFalse();
    }

    private static List<byte[]> hostileEntries() {
        Random random = new Random(42);
        List<byte[]> out = new ArrayList<>(ENTRIES);
        String valid = new String(envelope("valid", "job", "{\"n\":1,\"sleepMs\":0}"), StandardCharsets.UTF_8);
        for (int i = 0; i < ENTRIES; i++) {
            String id = "h-" + i;
            out.add(switch (i % 10) {
                case 0 -> randomBytes(random);
                case 1 -> valid.substring(0, 1 + random.nextInt(valid.length() - 2)).getBytes(StandardCharsets.UTF_8);
                case 2 -> i < 1_000 ? envelope(id, "job", "[".repeat(10_000) + "]".repeat(10_000))
                        : utf8("{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000));
                case 3 -> i == 3 ? utf8("x".repeat(TEN_MB)) : i == 13
                        ? envelope(id, "job", "{\"n\":1,\"sleepMs\":0,\"s\":\"" + "y".repeat(TEN_MB) + "\"}")
                        : envelope(id, "job", "{\"n\":" + "9".repeat(2_000) + "}");
                case 4 -> utf8("{\"v\":\"1\",\"id\":\"" + id + "\",\"type\":\"job\",\"payload\":{}}");
                case 5 -> utf8("{\"v\":1,\"id\":" + i + ",\"type\":[\"job\"],\"payload\":{}}");
                case 6 -> envelope(id, "job", "{\"n\":\"not a number\",\"sleepMs\":{}}");
                case 7 -> envelope(id, "job", "{\"@class\":\"" + GadgetFlags.GADGET_CLASS + "\",\"command\":\"id\"}");
                case 8 -> envelope(id, "job", "[\"" + GadgetFlags.GADGET_CLASS + "\",{\"command\":\"id\"}]");
                default -> envelope(id, "no-such-type-" + (i % 3), "{\"n\":1}");
            });
        }
        return out;
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[1 + random.nextInt(200)];
        random.nextBytes(b);
        return b;
    }

    private static byte[] envelope(String id, String type, String payload) {
        return utf8("{\"v\":1,\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"attempt\":1,\"deliveries\":0,"
                + "\"priority\":0,\"enqueuedAt\":1,\"payload\":" + payload + "}");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
