package io.redq.ratelimit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.redq.RescheduleException;
import io.redq.core.RedQ;
import io.redq.ratelimit.LimiterEvent;
import io.redq.ratelimit.Limits;
import io.redq.ratelimit.RateLimit;
import io.redq.ratelimit.RateLimiter;
import io.redq.spi.FetchLimiter;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RScript;

/** What one rate limiter answers: how many permits, how long to wait, give-backs, turns and events. */
@RedisTest
class RateLimiterIT {

    private RedQ redq;
    private Limits limits;

    @BeforeEach
    void connect(RedisEndpoint redis) {
        redq = RedQ.connect(redis.url());
        limits = Limits.of(redq);
    }

    @AfterEach
    void close() {
        limits.close();
        redq.close();
    }

    @Test
    void withBurstZeroBatchRequestsGetOnlyWhatTheCatchUpAllowsAndNoMoreThanTheLimitInASecond() {
        RateLimiter limiter = limits.rate(Names.unique("batch"), RateLimit.of(100, Duration.ofSeconds(1)));

        FetchLimiter.Grant first = limiter.tryAcquire(64);
        FetchLimiter.Grant second = limiter.tryAcquire(64);
        // fresh: 1 + burst = 1 permit; the next one is due one interval (10.3 ms) later
        assertThat(first.permits()).isEqualTo(1);
        assertThat(second.permits()).isLessThanOrEqualTo(1);
        assertThat(second.retryAfter()).isLessThanOrEqualTo(Duration.ofNanos(10_300_000));

        long end = System.nanoTime() + Duration.ofMillis(900).toNanos(); // well inside 1 s of server time
        int total = first.permits() + second.permits();
        int most = 0;
        while (System.nanoTime() < end) {
            int got = limiter.asFetchLimiter().acquire(64).permits();
            total += got;
            most = Math.max(most, got);
        }
        assertThat(most).as("most permits in one grant").isLessThanOrEqualTo(2);
        assertThat(total).as("permits in the first 0.9 s of a fresh limiter").isBetween(85, 100);
    }

    @Test
    void aBurstLetsAnIdleCallerTakeMoreAtOnce() {
        RateLimit limit = RateLimit.custom().limit(10).period(Duration.ofSeconds(1)).burst(5).build();
        RateLimiter limiter = limits.rate(Names.unique("burst"), limit);

        assertThat(limiter.tryAcquire(64).permits()).isEqualTo(6);
        assertThat(limiter.tryAcquire()).isFalse();
    }

    @Test
    void theFetchLimiterWaitsOutShortWaitsItselfAndHandsLongOnesToTheWorker() {
        FetchLimiter fast = limits.forQueue(Names.unique("fast"), RateLimit.of(50, Duration.ofSeconds(1)));
        long start = System.nanoTime();
        int granted = 0;
        int calls = 0;
        while (granted < 8) {
            granted += fast.acquire(1).permits();
            calls++;
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        // a wait of one 20.6 ms interval is waited out inside acquire (unless a hiccup of the machine
        // pushes it past the 50 ms the fetch limiter may hold a worker's fetch thread)
        assertThat(calls).as("calls for 8 permits").isLessThanOrEqualTo(10);
        assertThat(elapsedMs).as("8 permits at 50/s: 7 intervals of 20.6 ms").isBetween(140L, 1_000L);

        FetchLimiter slow = limits.forQueue(Names.unique("slow"), RateLimit.of(1, Duration.ofSeconds(10)));
        assertThat(slow.acquire(1).permits()).isEqualTo(1);
        FetchLimiter.Grant later = slow.acquire(1);
        assertThat(later.permits()).isZero();
        assertThat(later.retryAfter()).as("one interval: (10 s + 0.1 s + 0.2 s) / 1").isBetween(Duration.ofSeconds(9),
                Duration.ofMillis(10_300));
    }

    @Test
    void unusedPermitsAreGivenBackOnlyIfNobodyTookOneSince() {
        String queue = Names.unique("give-back");
        String other = Names.unique("give-back");
        try (Limits otherJvm = Limits.of(redq)) {
            RateLimit onePer10s = RateLimit.of(1, Duration.ofSeconds(10));
            FetchLimiter mine = limits.forQueue(queue, onePer10s);
            FetchLimiter theirs = otherJvm.forQueue(queue, onePer10s);
            assertThat(mine.acquire(1).permits()).isEqualTo(1);
            mine.release(1);
            assertThat(theirs.acquire(1).permits()).as("given back: as if it had never been taken").isEqualTo(1);
            assertThat(mine.acquire(1).permits()).isZero();

            RateLimit twoAtOnce = RateLimit.custom().limit(1).period(Duration.ofSeconds(10)).burst(1).build();
            mine = limits.forQueue(other, twoAtOnce);
            theirs = otherJvm.forQueue(other, twoAtOnce);
            assertThat(mine.acquire(1).permits()).isEqualTo(1);
            assertThat(theirs.acquire(1).permits()).isEqualTo(1);
            mine.release(1); // someone took one since: not given back
            assertThat(mine.acquire(1).permits()).isZero();
            assertThat(theirs.acquire(1).permits()).isZero();
        }
    }

    @Test
    void aHandlerOverTheLimitIsRescheduledAndCallersTurnedAwayGetTurnsOneIntervalApart() {
        RateLimiter limiter = limits.rate(Names.unique("turns"), RateLimit.of(10, Duration.ofSeconds(1)));
        limiter.acquire(); // the one permit due now
        long[] after = new long[4];
        long[] sent = new long[4];
        long[] answered = new long[4];
        for (int i = 0; i < 4; i++) {
            sent[i] = System.nanoTime() / 1000;
            RescheduleException e = catchThrowableOfType(RescheduleException.class, limiter::acquire);
            answered[i] = System.nanoTime() / 1000;
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).contains("rate limit '" + limiter.name() + "'");
            after[i] = e.after().toNanos() / 1000;
        }
        assertThat(after[0]).isBetween(0L, 103_000L); // the next permit: one interval of 103 ms
        for (int i = 1; i < 4; i++) {
            // turn i = turn i-1 + 103 ms exactly; "after" is measured from when the script ran, somewhere
            // between sending and answering; +-1 ms for rounding up to whole ms
            long step = after[i] - after[i - 1];
            assertThat(step).as("turn " + i).isBetween(103_000 - (answered[i] - sent[i - 1]) - 1_000,
                    103_000 - (sent[i] - answered[i - 1]) + 1_000);
        }
    }

    @Test
    void eventsTellWhatWasAcquiredAndDenied() {
        RateLimiter limiter = limits.rate(Names.unique("events"), RateLimit.of(1, Duration.ofSeconds(10)));
        List<LimiterEvent> acquired = new CopyOnWriteArrayList<>();
        List<LimiterEvent> denied = new CopyOnWriteArrayList<>();
        List<LimiterEvent> all = new CopyOnWriteArrayList<>();
        limiter.events().onAcquired(acquired::add).onDenied(denied::add).onEvent(all::add)
                .onAcquired(e -> {
                    throw new IllegalStateException("a broken listener changes nothing");
                });

        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();

        assertThat(acquired).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(LimiterEvent.Kind.ACQUIRED);
            assertThat(e.limiter()).isEqualTo(limiter.name());
            assertThat(e.permits()).isEqualTo(1);
        });
        assertThat(denied).singleElement().satisfies(e -> assertThat(e.retryAfter()).isGreaterThan(Duration.ofSeconds(9)));
        assertThat(all).hasSize(2);
    }

    @Test
    void theStateIsOneSmallKeyWithATtlWhateverTheRate() {
        RateLimiter limiter = limits.rate(Names.unique("memory"), RateLimit.of(10_000, Duration.ofSeconds(1)));
        String key = "redq:limit:{" + limiter.name() + "}:rate";
        int granted = 0;
        while (granted < 5_000) {
            granted += limiter.asFetchLimiter().acquire(500).permits();
        }
        List<Long> ttlAndBytes = redq.redisson().getScript().eval(RScript.Mode.READ_ONLY,
                "return {redis.call('PTTL', KEYS[1]), redis.call('MEMORY', 'USAGE', KEYS[1])}",
                RScript.ReturnType.LIST, List.of(key));

        // the key lives one catch-up allowance (10 ms) past the next permit's theoretical arrival, which is
        // at most tolerance + interval = 10.1 ms away
        assertThat(ttlAndBytes.get(0)).as("PTTL of " + key).isPositive().isLessThanOrEqualTo(30);
        assertThat(ttlAndBytes.get(1)).as("MEMORY USAGE of " + key + " after 5,000 permits").isLessThan(200);

        RateLimiter slow = limits.rate(Names.unique("ttl"), RateLimit.of(1, Duration.ofSeconds(10)));
        slow.tryAcquire();
        assertThat(redq.redisson().getBucket("redq:limit:{" + slow.name() + "}:rate").remainTimeToLive())
                .as("one catch-up allowance (0.1 s) past the next permit's theoretical arrival (10.4 s)")
                .isBetween(9_000L, 10_601L);
    }
}
