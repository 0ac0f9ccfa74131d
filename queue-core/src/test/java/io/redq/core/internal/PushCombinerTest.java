package io.redq.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The group-commit logic alone; {@code ProducerIT} runs it against Redis. */
class PushCombinerTest {

    private record Sent(int level, List<String> raws) {
    }

    @Test
    void everyPushIsSentExactlyOnceInItsThreadsOrderAndBatchesStayWithinTheLimits() throws Exception {
        List<Sent> sent = new CopyOnWriteArrayList<>();
        PushCombiner combiner = new PushCombiner((level, raws) -> {
            sent.add(new Sent(level, List.copyOf(raws)));
            sleepQuietly(); // a round trip, so that others gather meanwhile
        }, e -> false);
        int threads = 16;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        combiner.push(thread % 3, thread + ":" + i);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        List<String> all = new ArrayList<>();
        for (Sent s : sent) {
            assertThat(s.raws()).hasSizeBetween(1, PushCombiner.MAX_TASKS);
            for (String raw : s.raws()) {
                int thread = Integer.parseInt(raw.substring(0, raw.indexOf(':')));
                assertThat(thread % 3).as("%s sent on its own level", raw).isEqualTo(s.level());
            }
            all.addAll(s.raws());
        }
        assertThat(all).hasSize(threads * perThread).doesNotHaveDuplicates();
        for (int t = 0; t < threads; t++) {
            String prefix = t + ":";
            List<Integer> order = all.stream().filter(r -> r.startsWith(prefix))
                    .map(r -> Integer.parseInt(r.substring(prefix.length()))).toList();
            assertThat(order).as("thread %d's pushes in its order", t).isSorted().hasSize(perThread);
        }
        assertThat(sent.size()).as("commands for %d pushes", all.size()).isLessThan(all.size());
    }

    @Test
    void aFailedSendFailsEveryPushItCarriedAndTheNextPushesGoThrough() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        CountDownLatch firstSendStarted = new CountDownLatch(1);
        CountDownLatch othersWaiting = new CountDownLatch(1);
        List<List<String>> delivered = new CopyOnWriteArrayList<>();
        PushCombiner combiner = new PushCombiner((level, raws) -> {
            firstSendStarted.countDown();
            awaitQuietly(othersWaiting);
            if (down.get()) {
                throw new IllegalStateException("Redis is down");
            }
            delivered.add(List.copyOf(raws));
        }, e -> false);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<?> first = pool.submit(() -> combiner.push(0, "a"));
            assertThat(firstSendStarted.await(10, TimeUnit.SECONDS)).isTrue();
            Future<?> second = pool.submit(() -> combiner.push(0, "b")); // waits for the lock, then its own batch
            othersWaiting.countDown();
            assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("Redis is down");
            assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("Redis is down");
            down.set(false);
            pool.submit(() -> combiner.push(0, "c")).get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(delivered).containsExactly(List.of("c"));
    }

    @Test
    void whenRedisDoesNotAnswerTheTasksThatArrivedMeanwhileFailAtOnceWithoutBeingSent() throws Exception {
        CountDownLatch firstSendStarted = new CountDownLatch(1);
        CountDownLatch secondWaiting = new CountDownLatch(1);
        List<List<String>> sendAttempts = new CopyOnWriteArrayList<>();
        PushCombiner combiner = new PushCombiner((level, raws) -> {
            sendAttempts.add(List.copyOf(raws));
            firstSendStarted.countDown();
            awaitQuietly(secondWaiting);
            throw new IllegalStateException("Redis did not answer");
        }, e -> e.getMessage().contains("did not answer"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = pool.submit(() -> combiner.push(0, "a"));
            assertThat(firstSendStarted.await(10, TimeUnit.SECONDS)).isTrue();
            Future<?> second = pool.submit(() -> combiner.push(0, "b"));
            // "b" is in the waiting line (its caller parks) while "a"'s command has not been answered
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> combiner.waitingCount() == 1);
            secondWaiting.countDown();
            assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("Redis did not answer");
            assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(PushCombiner.NotSentException.class);
        } finally {
            pool.shutdownNow();
        }
        assertThat(sendAttempts).as("b was never sent").containsExactly(List.of("a"));
    }

    @Test
    void aTaskLargerThanTheCharacterLimitGoesAloneAndOthersAroundItStillGo() {
        List<List<String>> sent = Collections.synchronizedList(new ArrayList<>());
        PushCombiner combiner = new PushCombiner((level, raws) -> sent.add(List.copyOf(raws)), e -> false);
        String huge = "x".repeat((int) PushCombiner.MAX_CHARS + 1);
        combiner.push(0, "small");
        combiner.push(0, huge);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1)).containsExactly(huge);
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
