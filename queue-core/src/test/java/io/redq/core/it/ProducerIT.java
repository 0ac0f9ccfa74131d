package io.redq.core.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redq.Envelope;
import io.redq.TaskQueue;
import io.redq.TaskRequest;
import io.redq.Worker;
import io.redq.core.RedQ;
import io.redq.core.internal.EnvelopeCodec;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisServer;
import io.redq.test.RedisTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;

@RedisTest
class ProducerIT {

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
    void enqueueWritesAVersionedEnvelopeOntoTheReadyList() throws Exception {
        TaskQueue queue = redq.queue(ItSupport.queueName("envelope"));
        String id = queue.producer().enqueue(TaskRequest.of("job", new Job(7, 0)).header("tenant", "acme"))
                .orElseThrow();
        List<String> ready = redq.redisson().<String>getList("redq:{" + queue.name() + "}:ready",
                StringCodec.INSTANCE).readAll();
        assertThat(ready).hasSize(1);
        Envelope e = new EnvelopeCodec(RedQ.defaultMapper()).decode(ready.get(0));
        assertThat(e.id()).isEqualTo(id);
        assertThat(e.version()).isEqualTo(1);
        assertThat(e.type()).isEqualTo("job");
        assertThat(e.payload()).isEqualTo("{\"n\":7,\"sleepMs\":0}");
        assertThat(e.attempt()).isEqualTo(1);
        assertThat(e.deliveries()).isZero();
        assertThat(e.headers()).containsEntry("tenant", "acme");
    }

    @Test
    void enqueueAllWritesEveryTaskInOrder() {
        TaskQueue queue = redq.queue(ItSupport.queueName("all"));
        List<String> ids = queue.producer().enqueueAll("job", ItSupport.jobs(500, 0));
        assertThat(ids).hasSize(500).doesNotHaveDuplicates();
        assertThat(ids).isSorted();
        List<String> ready = redq.redisson().<String>getList("redq:{" + queue.name() + "}:ready",
                StringCodec.INSTANCE).readAll();
        assertThat(ready.get(ready.size() - 1)).as("first in line").contains(ids.get(0));
        assertThat(ready.get(0)).as("last in line").contains(ids.get(499));
    }

    @Test
    void concurrentSingleEnqueuesShareCommandsYetEachLandsOnceAndInItsThreadsOrder() throws Exception {
        int threads = 50;
        int perThread = 100;
        try (RedisServer server = RedisServer.start(); RedQ own = RedQ.connect(server.url())) {
            TaskQueue queue = own.queue(ItSupport.queueName("combined"));
            queue.producer().enqueue("warm-up", 0); // the queue registry and the connections, out of the count
            server.command("CONFIG", "RESETSTAT");
            List<List<String>> idsByThread = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<List<String>>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        go.await();
                        List<String> ids = new ArrayList<>();
                        for (int i = 0; i < perThread; i++) {
                            ids.add(queue.producer().enqueue("job", new Job(thread * perThread + i, 0)));
                        }
                        return ids;
                    }));
                }
                go.countDown();
                for (Future<List<String>> f : futures) {
                    idsByThread.add(f.get(60, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }

            long lpushCalls = commandCalls(server, "lpush");
            assertThat(lpushCalls).as("LPUSH commands for %d single enqueues", threads * perThread)
                    .isPositive().isLessThan(threads * perThread);
            // The ready list, oldest first (workers take from the right end).
            List<String> ready = new ArrayList<>(own.redisson().<String>getList("redq:{" + queue.name() + "}:ready",
                    StringCodec.INSTANCE).readAll());
            java.util.Collections.reverse(ready);
            EnvelopeCodec codec = new EnvelopeCodec(RedQ.defaultMapper());
            List<String> inLine = new ArrayList<>();
            for (String raw : ready.subList(1, ready.size())) { // not the warm-up task
                inLine.add(codec.decode(raw).id());
            }
            assertThat(inLine).hasSize(threads * perThread).doesNotHaveDuplicates();
            for (List<String> ids : idsByThread) {
                assertThat(inLine).as("every id a thread got back is in line").containsAll(ids);
                List<Integer> positions = ids.stream().map(inLine::indexOf).toList();
                assertThat(positions).as("one thread's tasks stand in line in the order it enqueued them").isSorted();
            }
        }
    }

    private static long commandCalls(RedisServer server, String command) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("cmdstat_" + command + ":calls=(\\d+)")
                .matcher(server.command("INFO", "commandstats"));
        return m.find() ? Long.parseLong(m.group(1)) : 0L;
    }

    @Test
    void uniqueKeyRefusesASecondTaskUntilTheFirstCompletes() throws Exception {
        TaskQueue queue = redq.queue(ItSupport.queueName("unique"));
        Optional<String> first = queue.producer().enqueueUnique("job", new Job(1, 0), "report:42");
        Optional<String> second = queue.producer().enqueueUnique("job", new Job(2, 0), "report:42");
        assertThat(first).isPresent();
        assertThat(second).isEmpty();
        assertThat(queue.stats().ready()).isEqualTo(1);

        CountDownLatch done = new CountDownLatch(1);
        try (Worker w = queue.worker().handle("job", Job.class, (job, ctx) -> done.countDown()).start()) {
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> redq.redisson().getKeys()
                    .countExists("redq:{" + queue.name() + "}:unique:report:42") == 0);
        }
        assertThat(queue.producer().enqueueUnique("job", new Job(3, 0), "report:42")).isPresent();
    }

    @Test
    void uniqueKeyIsReleasedWhenTheTaskIsDeadLettered() {
        TaskQueue queue = redq.queue(ItSupport.queueName("unique-dead"));
        queue.producer().enqueueUnique("job", new Job(1, 0), "k");
        try (Worker w = queue.worker().handle("job", Job.class, (job, ctx) -> {
            throw new IllegalStateException("boom");
        }).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> queue.deadLetters().size() == 1);
        }
        assertThat(queue.producer().enqueueUnique("job", new Job(2, 0), "k")).isPresent();
    }
}
