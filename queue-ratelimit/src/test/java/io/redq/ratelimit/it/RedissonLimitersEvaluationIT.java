package io.redq.ratelimit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.redq.core.RedQ;
import io.redq.ratelimit.Limits;
import io.redq.ratelimit.RateLimit;
import io.redq.ratelimit.RateLimiter;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RFuture;
import org.redisson.api.RPermitExpirableSemaphore;
import org.redisson.api.RRateLimiter;
import org.redisson.api.RScript;
import org.redisson.api.RateType;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.ScoredEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The measurements behind docs/rate-limiting.md: Redisson's RRateLimiter and RPermitExpirableSemaphore
 * against server time, O(1) memory per limiter, a TTL on every key, and accuracy when clocks differ;
 * and the same figures for redq's own limiter. The figures are logged; the asserts pin the findings.
 */
@RedisTest
class RedissonLimitersEvaluationIT {

    private static final Logger log = LoggerFactory.getLogger(RedissonLimitersEvaluationIT.class);

    private RedQ redq;
    private RedissonClient redisson;

    @BeforeEach
    void connect(RedisEndpoint redis) {
        redq = RedQ.connect(redis.url());
        redisson = redq.redisson();
    }

    @AfterEach
    void close() {
        redq.close();
    }

    @Test
    void rRateLimiterKeepsOneEntryPerPermitAndHasNoTtl() throws Exception {
        long[] bytes = new long[2];
        int i = 0;
        for (int rate : new int[] {1_000, 10_000}) {
            String name = Names.unique("rrl-" + rate);
            RRateLimiter limiter = redisson.getRateLimiter(name);
            limiter.trySetRate(RateType.OVERALL, rate, Duration.ofSeconds(1));
            long startedMs = System.nanoTime() / 1_000_000;
            int granted = acquireAsFastAsPossible(limiter, rate);
            long tookMs = System.nanoTime() / 1_000_000 - startedMs;
            String permits = "{" + name + "}:permits";
            long entries = redisson.getScoredSortedSet(permits, StringCodec.INSTANCE).size();
            long total = memory(name) + memory("{" + name + "}:value") + memory(permits);
            bytes[i++] = total;
            log.info("RRateLimiter {}/s: {} permits granted in {} ms, {} entries in {}, {} bytes in all (MEMORY USAGE),"
                    + " {} B per entry; PTTL {} / {} / {}", rate, granted, tookMs, entries, permits, total,
                    total / Math.max(1, entries), pttl(name), pttl("{" + name + "}:value"), pttl(permits));
            assertThat(pttl(name)).as("config hash TTL").isEqualTo(-1);
            assertThat(pttl(permits)).as("permits ZSET TTL").isEqualTo(-1);
            redisson.getKeys().delete(name, "{" + name + "}:value", permits);
        }
        assertThat(bytes[1]).as("memory grows with the rate").isGreaterThan(4 * bytes[0]);

        // keepAliveTime gives the keys a TTL, but when it passes the limiter is gone, not reset
        String name = Names.unique("rrl-keepalive");
        RRateLimiter limiter = redisson.getRateLimiter(name);
        limiter.trySetRate(RateType.OVERALL, 10, Duration.ofSeconds(1), Duration.ofSeconds(1));
        limiter.tryAcquire();
        assertThat(pttl(name)).isPositive();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)) // idle (every acquire renews it)
                .until(() -> redisson.getKeys().countExists(name) == 0);
        String error = null;
        try {
            limiter.tryAcquire();
        } catch (RuntimeException e) {
            error = e.getMessage();
        }
        log.info("RRateLimiter with keepAliveTime 1 s, idle past it: tryAcquire fails with '{}...'", error == null ? null
                : error.substring(0, Math.min(error.length(), 60)));
        assertThat(error).isNotNull().contains("RateLimiter is not initialized");
    }

    @Test
    void rPermitExpirableSemaphoreHasNoTtlAndScoresLeasesByTheClientClock() throws Exception {
        String name = Names.unique("sem");
        RPermitExpirableSemaphore semaphore = redisson.getPermitExpirableSemaphore(name);
        semaphore.trySetPermits(3);
        long clientBefore = System.currentTimeMillis();
        String id = semaphore.tryAcquire(0, 30, TimeUnit.SECONDS);
        String timeouts = "{" + name + "}:timeout";
        ScoredEntry<Object> lease = redisson.getScoredSortedSet(timeouts, StringCodec.INSTANCE).entryRange(0, 0)
                .iterator().next();
        long leaseEndMinusClient = lease.getScore().longValue() - clientBefore;
        log.info("RPermitExpirableSemaphore 3 permits, 1 held: {} + {} bytes; PTTL {} / {}; lease end = this JVM's"
                + " clock + {} ms", memory(name), memory(timeouts), pttl(name), pttl(timeouts), leaseEndMinusClient);
        assertThat(id).isNotNull();
        assertThat(pttl(name)).as("permits counter TTL").isEqualTo(-1);
        assertThat(pttl(timeouts)).as("lease ZSET TTL").isEqualTo(-1);
        assertThat(leaseEndMinusClient).as("lease end = client clock + 30 s").isBetween(29_900L, 30_100L);
        redisson.getKeys().delete(name, timeouts);
    }

    @Test
    void withAClientClock200MsAheadBothOverAdmit(RedisEndpoint redis) throws InterruptedException {
        assumeTrue(WorkerJvm.libfaketime().isPresent(),
                "libfaketime is not installed (Debian: apt-get install faketime); cannot skew a client clock");
        String rateName = Names.unique("rrl-skew");
        String semName = Names.unique("sem-skew");
        String go = "rl-test:{" + rateName + "}:go";
        RRateLimiter rate = redisson.getRateLimiter(rateName);
        rate.trySetRate(RateType.OVERALL, 100, Duration.ofSeconds(1));
        RPermitExpirableSemaphore semaphore = redisson.getPermitExpirableSemaphore(semName);
        semaphore.trySetPermits(1);
        try (WorkerJvm ahead = WorkerJvm.startSkewed(RedissonSkewMain.class,
                List.of(redis.url(), rateName, semName, go), "+0.2s")) {
            ahead.awaitOutput("READY", Duration.ofSeconds(60));
            long skewMs = Long.parseLong(line(ahead, "READY clockMinusServerMs="));
            int mine = 0;
            for (int i = 0; i < 100; i++) {
                mine += rate.tryAcquire() ? 1 : 0;
            }
            String held = semaphore.tryAcquire(0, 1, TimeUnit.SECONDS);
            long startMs = Timeline.serverMicros(redisson) / 1000;
            // 820 ms later in true time: inside the rate's 1 s interval and the permit's 1 s lease, but the
            // client 200 ms ahead already reads 1,020 ms
            await().pollInterval(Duration.ofMillis(2)).atMost(Duration.ofSeconds(2))
                    .until(() -> Timeline.serverMicros(redisson) / 1000 - startMs >= 820);
            redisson.getBucket(go, StringCodec.INSTANCE).set("go", Duration.ofMinutes(1));
            ahead.awaitOutput("GRANTED", Duration.ofSeconds(30));
            String[] sem = line(ahead, "SEMAPHORE ").split(" ");
            String[] got = line(ahead, "GRANTED ").split(" ");
            long semaphoreAfterMs = Long.parseLong(sem[1]) - startMs;
            int theirs = Integer.parseInt(got[0]);
            long rateAfterMs = Long.parseLong(got[1]) - startMs;
            log.info("Client clock {} ms ahead of the server. RRateLimiter 100/s: 100 granted here, {} more to the"
                    + " client ahead, all within {} ms of server time. RPermitExpirableSemaphore 1 permit, held here"
                    + " with a 1 s lease: the client ahead took it too ({}) {} ms after it was granted", skewMs, theirs,
                    rateAfterMs, sem[0], semaphoreAfterMs);
            assertThat(skewMs).as("skew of the client JVM's clock").isBetween(150L, 300L);
            assertThat(held).isNotNull();
            assertThat(mine).isEqualTo(100);
            assumeTrue(semaphoreAfterMs < 1_000, "this machine is too busy: the skewed client answered only "
                    + semaphoreAfterMs + " ms after the first grant, past the 1 s lease, so the test proves nothing");
            assertThat(sem[0]).as("the skewed client evicted a holder whose lease had not ended").isNotEqualTo("none");
            if (rateAfterMs < 1_000) {
                assertThat(theirs).as("permits the skewed client got inside the same second").isGreaterThan(50);
            }
            assertThat(semaphore.tryRelease(held)).as("the first holder's permit is gone").isFalse();
        } finally {
            redisson.getKeys().delete(rateName, "{" + rateName + "}:value", "{" + rateName + "}:permits", semName,
                    "{" + semName + "}:timeout", go);
        }
    }

    @Test
    void redqsLimiterIsOneSmallKeyWithATtlAtAnyRate() {
        try (Limits limits = Limits.of(redq)) {
            for (int rate : new int[] {1_000, 10_000}) {
                RateLimiter limiter = limits.rate(Names.unique("gcra-" + rate), RateLimit.of(rate, Duration.ofSeconds(1)));
                String key = "redq:limit:{" + limiter.name() + "}:rate";
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_000);
                int granted = 0;
                while (System.nanoTime() < end) {
                    granted += limiter.asFetchLimiter().acquire(64).permits();
                }
                List<Long> ttlAndBytes = redisson.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_ONLY,
                        "return {redis.call('PTTL', KEYS[1]), redis.call('MEMORY', 'USAGE', KEYS[1])}",
                        RScript.ReturnType.LIST, List.of(key));
                log.info("redq GCRA {}/s: {} permits in 1 s; {} bytes (MEMORY USAGE), PTTL {} ms", rate, granted,
                        ttlAndBytes.get(1), ttlAndBytes.get(0));
                assertThat(ttlAndBytes.get(0)).isPositive();
                assertThat(ttlAndBytes.get(1)).isLessThan(200);
            }
        }
    }

    private static int acquireAsFastAsPossible(RRateLimiter limiter, int permits) throws Exception {
        int granted = 0;
        List<RFuture<Boolean>> pending = new ArrayList<>();
        for (int i = 0; i < permits; i++) {
            pending.add(limiter.tryAcquireAsync());
            if (pending.size() == 500 || i == permits - 1) {
                for (RFuture<Boolean> f : pending) {
                    granted += f.toCompletableFuture().get(10, TimeUnit.SECONDS) ? 1 : 0;
                }
                pending.clear();
            }
        }
        return granted;
    }

    private long memory(String key) {
        Long bytes = redisson.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_ONLY,
                "return redis.call('MEMORY', 'USAGE', KEYS[1], 'SAMPLES', '0')", RScript.ReturnType.LONG, List.of(key));
        return bytes == null ? 0 : bytes;
    }

    private long pttl(String key) {
        return redisson.getScript(StringCodec.INSTANCE).<Long>eval(RScript.Mode.READ_ONLY,
                "return redis.call('PTTL', KEYS[1])", RScript.ReturnType.LONG, List.of(key));
    }

    private static String line(WorkerJvm jvm, String prefix) {
        return jvm.outputLines().stream().filter(l -> l.startsWith(prefix)).reduce((a, b) -> b)
                .map(l -> l.substring(prefix.length())).orElseThrow();
    }
}
