package io.redq.ratelimit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redq.core.RedQ;
import io.redq.ratelimit.ConcurrencyLimit;
import io.redq.ratelimit.ConcurrencyLimiter;
import io.redq.ratelimit.Limits;
import io.redq.ratelimit.Permit;
import io.redq.ratelimit.RateLimit;
import io.redq.ratelimit.RateLimiter;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.redisson.api.options.KeysScanOptions;

/** After the limiters sit idle for twice their period, none of their keys is left without a TTL. */
@RedisTest
class KeysTtlIT {

    @Test
    void everyLimiterKeyHasATtlOrIsGoneAfterTwoIdlePeriods(RedisEndpoint redis) throws Exception {
        String tag = Names.unique("ttl");
        Duration period = Duration.ofMillis(500);
        try (RedQ redq = RedQ.connect(redis.url()); Limits limits = Limits.of(redq)) {
            RateLimiter keyRate = limits.rate(tag + "-host", RateLimit.custom().limit(20).period(period).burst(5).build());
            RateLimiter queueRate = limits.queueRate(tag + "-queue", RateLimit.of(20, period));
            ConcurrencyLimiter concurrency = limits.concurrency(tag + "-encode",
                    ConcurrencyLimit.custom().permits(2).lease(Duration.ofSeconds(1)).build());
            for (int i = 0; i < 30; i++) {
                keyRate.tryAcquire(10);
                queueRate.asFetchLimiter().acquire(10);
                try {
                    keyRate.acquire(); // also leaves a retry line in the state
                } catch (io.redq.RescheduleException expected) {
                    // over the limit, as intended
                }
            }
            concurrency.tryAcquire().orElseThrow().close();
            Permit stillHeld = concurrency.tryAcquire().orElseThrow();
            List<String> keys = List.of("redq:limit:{" + keyRate.name() + "}:rate", "redq:{" + tag + "-queue}:rate",
                    "redq:limit:{" + concurrency.name() + "}:concurrency");
            assertThat(ttls(redq, tag)).as("right after use").isNotEmpty().allSatisfy((k, ttl) -> assertThat(ttl).isPositive());

            // idle for two periods, and at no moment a key without a TTL
            await().during(period.multipliedBy(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> ttls(redq, tag).values().stream().allMatch(ttl -> ttl > 0));

            Map<String, Long> after = ttls(redq, tag);
            assertThat(after).as("keys of the limiters after two idle periods, with their PTTL")
                    .allSatisfy((k, ttl) -> assertThat(ttl).as(k).isPositive());
            assertThat(after.keySet()).as("only keys the limiters own").allMatch(keys::contains);
            assertThat(after).as("the rate keys expired once they no longer mattered")
                    .doesNotContainKeys(keys.get(0), keys.get(1));
            assertThat(after).as("the held permit's key lives at most one lease").containsKey(keys.get(2));
            stillHeld.close();
        }
    }

    /**
     * PTTL of every key of this test, found by SCAN (never KEYS). A key that expires between the
     * SCAN and its PTTL (PTTL -2: no such key) is gone, and left out.
     */
    private static Map<String, Long> ttls(RedQ redq, String tag) {
        Map<String, Long> out = new HashMap<>();
        KeysScanOptions scan = KeysScanOptions.defaults().pattern("redq:*" + tag + "*");
        for (String key : redq.redisson().getKeys().getKeysStream(scan).collect(Collectors.toList())) {
            long ttl = redq.redisson().getKeys().remainTimeToLive(key);
            if (ttl != -2) {
                out.put(key, ttl);
            }
        }
        return out;
    }
}
