package io.redq.ratelimit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.redq.RescheduleException;
import io.redq.core.RedQ;
import io.redq.ratelimit.ConcurrencyLimit;
import io.redq.ratelimit.ConcurrencyLimiter;
import io.redq.ratelimit.LimiterEvent;
import io.redq.ratelimit.Limits;
import io.redq.ratelimit.Permit;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RScript;
import org.redisson.client.codec.StringCodec;

/** One concurrency limiter in one JVM: K permits, leases renewed while held, evicted when not, waits, events. */
@RedisTest
class ConcurrencyLimiterIT {

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
    void atMostKHoldersAndAReleasedPermitIsFreeAtOnce() {
        ConcurrencyLimiter limiter = limits.concurrency(Names.unique("two"), ConcurrencyLimit.of(2));

        Optional<Permit> a = limiter.tryAcquire();
        Optional<Permit> b = limiter.tryAcquire();
        assertThat(a).isPresent();
        assertThat(b).isPresent();
        assertThat(limiter.tryAcquire()).isEmpty();
        assertThat(limiter.held()).isEqualTo(2);
        assertThat(holders(limiter).readAll()).containsExactlyInAnyOrder(a.get().holderId(), b.get().holderId());

        a.get().close();
        assertThat(a.get().isHeld()).isFalse();
        Optional<Permit> c = limiter.tryAcquire();
        assertThat(c).isPresent();
        b.get().close();
        c.get().close();
        assertThat(redq.redisson().getKeys().countExists(key(limiter))).as("the last holder deletes the key").isZero();
    }

    @Test
    void whenFullAcquireReschedulesAfterTheConfiguredDelayOrWaitsUpToMaxWait() throws Exception {
        String name = Names.unique("full");
        ConcurrencyLimiter noWait = limits.concurrency(name, ConcurrencyLimit.custom().permits(1)
                .rescheduleAfter(Duration.ofMillis(400)).build());
        try (Limits otherJvm = Limits.of(redq)) {
            ConcurrencyLimiter waiting = otherJvm.concurrency(name, ConcurrencyLimit.custom().permits(1)
                    .maxWait(Duration.ofSeconds(5)).rescheduleAfter(Duration.ofMillis(400)).build());
            Permit held = noWait.acquire();

            RescheduleException e = catchThrowableOfType(RescheduleException.class, noWait::acquire);
            assertThat(e.after()).isBetween(Duration.ofMillis(400), Duration.ofMillis(500));
            assertThat(e.getMessage()).contains("concurrency limit '" + name + "' is full (all 1 permits held)");

            CompletableFuture<Permit> waiter = CompletableFuture.supplyAsync(() -> {
                try {
                    return waiting.acquire();
                } catch (InterruptedException ex) {
                    throw new IllegalStateException(ex);
                }
            });
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !waiter.isDone());
            held.close();
            Permit got = waiter.get(5, TimeUnit.SECONDS);
            assertThat(got.isHeld()).isTrue();
            got.close();
        }
    }

    @Test
    void aHolderThatStopsRenewingIsEvictedWhenItsLeaseEnds() {
        ConcurrencyLimiter limiter = limits.concurrency(Names.unique("dead"), ConcurrencyLimit.of(1));
        // a holder from a JVM that died: its lease ends 700 ms from now, in server time
        long deadline = Timeline.serverMicros(redq.redisson()) / 1000 + 700;
        holders(limiter).add(deadline, "dead-jvm-holder");

        assertThat(limiter.tryAcquire()).isEmpty();
        Permit permit = await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(limiter::tryAcquire, Optional::isPresent).orElseThrow();

        assertThat(holders(limiter).readAll()).containsExactly(permit.holderId());
        assertThat(Timeline.serverMicros(redq.redisson()) / 1000).isGreaterThanOrEqualTo(deadline);
        permit.close();
    }

    @Test
    void aHolderKeepsItsPermitPastTheLeaseByRenewingAndLearnsWhenItWasLost() {
        ConcurrencyLimiter limiter = limits.concurrency(Names.unique("renew"),
                ConcurrencyLimit.custom().permits(1).lease(Duration.ofSeconds(1)).build());
        List<LimiterEvent> events = new CopyOnWriteArrayList<>();
        limiter.events().onEvent(events::add);
        Permit permit = limiter.tryAcquire().orElseThrow();

        await().during(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(4)).until(permit::isHeld);
        assertThat(limiter.tryAcquire()).as("still held after 2.5 leases").isEmpty();
        assertThat(redq.redisson().getKeys().remainTimeToLive(key(limiter))).isBetween(1L, 1_000L);

        holders(limiter).remove(permit.holderId()); // as if it had been evicted after a long pause
        await().atMost(Duration.ofSeconds(2)).until(() -> !permit.isHeld());
        assertThat(events).extracting(LimiterEvent::kind).containsSubsequence(LimiterEvent.Kind.ACQUIRED,
                LimiterEvent.Kind.DENIED, LimiterEvent.Kind.LEASE_LOST);
        permit.close();
    }

    @Test
    void guardHoldsAPermitWhileTheHandlerRunsAndGivesItBackAfter() throws Exception {
        ConcurrencyLimiter limiter = limits.concurrency(Names.unique("guard"), ConcurrencyLimit.of(1));
        int[] heldInside = new int[1];

        limiter.<String>guard((payload, ctx) -> heldInside[0] = limiter.held()).handle("x", null);

        assertThat(heldInside[0]).isEqualTo(1);
        assertThat(limiter.held()).isZero();
        assertThat(redq.redisson().getScript(StringCodec.INSTANCE).<Long>eval(RScript.Mode.READ_ONLY,
                "return redis.call('EXISTS', KEYS[1])", RScript.ReturnType.LONG, List.of(key(limiter)))).isZero();
    }

    private RScoredSortedSet<String> holders(ConcurrencyLimiter limiter) {
        return redq.redisson().getScoredSortedSet(key(limiter), StringCodec.INSTANCE);
    }

    private static String key(ConcurrencyLimiter limiter) {
        return "redq:limit:{" + limiter.name() + "}:concurrency";
    }
}
