package io.redq.core.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.redq.ConsumerInfo;
import io.redq.DeadLetter;
import io.redq.NonRetryableException;
import io.redq.QueueOptions;
import io.redq.QueueStats;
import io.redq.TaskQueue;
import io.redq.TaskRequest;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.WorkerState;
import io.redq.core.RedQ;
import io.redq.test.JvmProcess;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A queue spread over shards {@code <name>#i}: spread, consumed fairly, one queue to operators, crash-safe. */
@RedisTest
class ShardedQueueIT {

    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final QueueOptions THREE_SHARDS = QueueOptions.builder().shards(3).build();

    private RedQ redq;
    private RedisEndpoint redis;

    @BeforeEach
    void connect(RedisEndpoint redis) {
        this.redis = redis;
        redq = RedQ.connect(redis.url());
    }

    @AfterEach
    void close() {
        redq.close();
    }

    private static WorkerOptions options(int concurrency) {
        return WorkerOptions.builder().concurrency(concurrency).lease(LEASE).fetchTimeout(Duration.ofSeconds(1)).build();
    }

    @Test
    void producerSpreadsTasksEvenlyAndEveryTaskRunsExactlyOnce() throws Exception {
        String name = ItSupport.queueName("sharded");
        TaskQueue queue = redq.queue(name, THREE_SHARDS);
        assertThat(queue.shards()).extracting(TaskQueue::name).containsExactly(name + "#0", name + "#1", name + "#2");

        // 1,500 single enqueues from 10 threads take the shards in turn: exactly 500 each
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        ExecutorService producers = Executors.newFixedThreadPool(10);
        for (int t = 0; t < 10; t++) {
            int thread = t;
            producers.submit(() -> {
                for (int i = 0; i < 150; i++) {
                    ids.add(queue.producer().enqueue("job", new Job(thread * 1000 + i, 0)));
                }
            });
        }
        producers.shutdown();
        assertThat(producers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(queue.shards()).extracting(s -> s.stats().ready()).containsExactly(500L, 500L, 500L);

        // 9 batches of 100: each batch whole on one shard, three per shard
        for (int b = 0; b < 9; b++) {
            ids.addAll(queue.producer().enqueueAll("job", ItSupport.jobs(100, 0)));
        }
        assertThat(queue.shards()).extracting(s -> s.stats().ready()).containsExactly(800L, 800L, 800L);
        assertThat(queue.stats().ready()).isEqualTo(2_400);

        Runs runs = new Runs(redq.redisson(), name);
        Map<String, Set<String>> shardsSeen = new ConcurrentHashMap<>();
        Worker[] workers = new Worker[2];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = queue.worker(options(8)).handle("job", Job.class, (job, ctx) -> {
                shardsSeen.computeIfAbsent(ctx.queue(), q -> ConcurrentHashMap.newKeySet()).add(ctx.taskId());
                runs.record(ctx.taskId());
            }).start();
        }
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> runs.distinct() == ids.size());
        } finally {
            for (Worker w : workers) {
                w.close();
            }
        }
        assertThat(workers).allMatch(w -> w.state() == WorkerState.STOPPED);
        assertThat(runs.all().keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(runs.duplicates()).as("duplicates").isZero();
        assertThat(shardsSeen).containsOnlyKeys(name + "#0", name + "#1", name + "#2");
        assertThat(shardsSeen.values()).allMatch(s -> s.size() == 800);
        QueueStats stats = queue.stats();
        assertThat(ItSupport.allZero(stats)).as("stats %s", stats).isTrue();
        assertThat(stats.completed()).isEqualTo(2_400);
        assertThat(stats.consumers()).as("leases released on every shard").isZero();
    }

    @Test
    void aBusyShardDoesNotStarveTheOthers() throws Exception {
        String name = ItSupport.queueName("sharded-fair");
        TaskQueue queue = redq.queue(name, THREE_SHARDS);
        List<TaskQueue> shards = queue.shards();
        shards.get(0).producer().enqueueAll("job", ItSupport.jobs(3_000, 1));
        shards.get(1).producer().enqueueAll("job", ItSupport.jobs(30, 1));
        shards.get(2).producer().enqueueAll("job", ItSupport.jobs(30, 1));

        AtomicInteger busyRuns = new AtomicInteger();
        AtomicInteger quietRuns = new AtomicInteger();
        AtomicInteger busyRunsWhenQuietDone = new AtomicInteger(-1);
        try (Worker worker = queue.worker(options(4)).handle("job", Job.class, (job, ctx) -> {
            Thread.sleep(job.sleepMs());
            if (ctx.queue().equals(name + "#0")) {
                busyRuns.incrementAndGet();
            } else if (quietRuns.incrementAndGet() == 60) {
                busyRunsWhenQuietDone.set(busyRuns.get());
            }
        }).start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> busyRunsWhenQuietDone.get() >= 0);
        }
        // Fair turns between three fetch threads: about 30 busy-shard tasks run while the 60 quiet ones do
        assertThat(busyRunsWhenQuietDone.get()).as("tasks of the busy shard run before the quiet shards were done")
                .isLessThan(200);
    }

    @Test
    void aUniqueKeyIsUniqueAcrossTheShards() {
        String name = ItSupport.queueName("sharded-unique");
        TaskQueue queue = redq.queue(name, THREE_SHARDS);
        Set<Integer> shardsUsed = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            String key = "order-" + i;
            assertThat(queue.producer().enqueueUnique("job", new Job(i, 0), key)).isPresent();
            assertThat(queue.producer().enqueueUnique("job", new Job(i, 0), key)).as("second enqueue of %s", key)
                    .isEmpty();
            assertThat(queue.producer().enqueue(TaskRequest.of("job", new Job(i, 0)).uniqueKey(key)
                    .delay(Duration.ofMinutes(1)))).as("delayed enqueue of %s", key).isEmpty();
            List<Integer> holders = IntStream.range(0, 3)
                    .filter(s -> redq.redisson().getKeys().countExists("redq:{" + name + "#" + s + "}:unique:" + key) == 1)
                    .boxed().toList();
            assertThat(holders).as("shards holding unique key %s", key).hasSize(1);
            shardsUsed.add(holders.get(0));
        }
        assertThat(shardsUsed).as("keys hash to different shards").hasSizeGreaterThan(1);
        assertThat(queue.stats().ready()).isEqualTo(30);
        assertThat(queue.stats().delayed()).isZero();
    }

    @Test
    void deadLettersConsumersAndCountsOfAllShardsReadAsOneQueue() {
        String name = ItSupport.queueName("sharded-dlq");
        TaskQueue queue = redq.queue(name, THREE_SHARDS);
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            bad.add(queue.producer().enqueue("bad", new Job(i, 0)));
        }
        Set<String> failedOn = ConcurrentHashMap.newKeySet();
        try (Worker worker = queue.worker(options(3)).handle("bad", Job.class, (job, ctx) -> {
            failedOn.add(ctx.queue());
            throw new NonRetryableException("job " + job.n() + " is bad");
        }).start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> queue.deadLetters().size() == 9);

            List<ConsumerInfo> consumers = queue.consumers();
            assertThat(consumers).as("one worker, one consumer, leased on 3 shards").hasSize(1);
            assertThat(consumers.get(0).id()).isEqualTo(worker.consumerId());
            assertThat(queue.shards()).allMatch(s -> s.consumers().size() == 1
                    && s.consumers().get(0).id().equals(worker.consumerId()));
            assertThat(queue.stats().consumers()).isEqualTo(1);
        }
        assertThat(failedOn).hasSize(3);
        assertThat(queue.shards()).allMatch(s -> s.deadLetters().size() == 3);

        List<DeadLetter> page1 = queue.deadLetters().list(0, 4);
        List<DeadLetter> page2 = queue.deadLetters().list(4, 10);
        assertThat(page1).hasSize(4);
        assertThat(page2).hasSize(5);
        List<DeadLetter> all = new ArrayList<>(page1);
        all.addAll(page2);
        assertThat(all).extracting(DeadLetter::taskId).containsExactlyInAnyOrderElementsOf(bad);
        assertThat(all).extracting(DeadLetter::failedAt).isSortedAccordingTo((a, b) -> Long.compare(b, a));

        String one = bad.get(4);
        Optional<DeadLetter> found = queue.deadLetters().get(one);
        assertThat(found).isPresent();
        assertThat(found.get().errorMessage()).isEqualTo("job 4 is bad");
        assertThat(queue.deadLetters().requeue(one)).isTrue();
        assertThat(queue.stats().ready()).isEqualTo(1);
        assertThat(queue.deadLetters().delete(bad.get(5))).isTrue();
        assertThat(queue.deadLetters().delete(bad.get(5))).isFalse();
        assertThat(queue.deadLetters().purge()).isEqualTo(7);
        assertThat(queue.deadLetters().size()).isZero();
    }

    @Test
    void pauseAndResumeReachEveryShard() {
        TaskQueue queue = redq.queue(ItSupport.queueName("sharded-pause"), THREE_SHARDS);
        queue.pause();
        assertThat(queue.shards()).allMatch(TaskQueue::isPaused);
        assertThat(queue.isPaused()).isTrue();
        queue.resume();
        assertThat(queue.shards()).noneMatch(TaskQueue::isPaused);
        assertThat(queue.isPaused()).isFalse();
    }

    @Test
    void aKilledWorkerLosesNoTaskOnAnyShard() throws Exception {
        String name = ItSupport.queueName("sharded-crash");
        TaskQueue queue = redq.queue(name, THREE_SHARDS);
        Runs runs = new Runs(redq.redisson(), name);
        List<String> ids = ItSupport.enqueueJobs(queue, 1_500, 3);

        List<String> deadActive = new ArrayList<>();
        long inFlightAtKill = 0;
        try (JvmProcess child = JvmProcess.start(WorkerMain.class, List.of(redis.url(), name, "12",
                String.valueOf(LEASE.toMillis()), "5", "1", "3"))) {
            child.awaitOutput("READY ", Duration.ofSeconds(30));
            String consumer = child.outputLines().stream().filter(l -> l.startsWith("READY ")).findFirst()
                    .orElseThrow().substring(6);
            for (int s = 0; s < 3; s++) {
                deadActive.add("redq:{" + name + "#" + s + "}:active:" + consumer);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> runs.distinct() >= 200);
            child.kill();
            for (String key : deadActive) {
                inFlightAtKill += ItSupport.llen(redq, key);
            }
        }
        assertThat(inFlightAtKill).as("tasks in flight at the kill").isPositive();

        try (Worker survivor = queue.worker(options(12)).handle("job", Job.class, (job, ctx) -> {
            Thread.sleep(job.sleepMs());
            runs.record(ctx.taskId());
        }).start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> runs.distinct() == ids.size());
            await().atMost(Duration.ofSeconds(10)).until(() -> queue.stats().consumers() == 1);
        }
        assertThat(runs.all().keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(runs.duplicates()).as("duplicates").isLessThanOrEqualTo(inFlightAtKill);
        for (String key : deadActive) {
            assertThat(redq.redisson().getKeys().countExists(key)).as(key).isZero();
        }
        assertThat(ItSupport.allZero(queue.stats())).as("stats %s", queue.stats()).isTrue();
    }

    @Test
    void badShardSettingsAreRefusedNamingTheProblem() {
        assertThatThrownBy(() -> QueueOptions.builder().shards(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shards must be between 1 and 256, was 0");
        String name = ItSupport.queueName("sharded-bad");
        TaskQueue queue = redq.queue(name, THREE_SHARDS);
        assertThatThrownBy(() -> queue.worker(options(2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("concurrency must be at least the number of shards of queue '" + name + "' (3");
        assertThatThrownBy(() -> redq.queue(name)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already open with Priorities{none} on 3 shards");
        String longest = "q".repeat(199);
        assertThatThrownBy(() -> redq.queue(longest, THREE_SHARDS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 200 characters, was 201");
        assertThat(redq.queue("q".repeat(198), THREE_SHARDS).shards()).hasSize(3);
    }
}
