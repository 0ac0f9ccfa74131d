package io.redq.core.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.redq.QueueUnavailableException;
import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.WorkerState;
import io.redq.core.RedQ;
import io.redq.test.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Redis frozen mid-run (SIGSTOP): acks of tasks that finished meanwhile are retried, so nothing runs
 * twice; an enqueue fails within its timeout saying Redis did not answer; nothing acknowledged is lost.
 */
class OutageIT {

    @Test
    void tasksFinishingWhileRedisIsFrozenAreAcknowledgedOnceItIsBackAndRunOnlyOnce() {
        try (RedisServer server = RedisServer.start(); RedQ redq = RedQ.connect(server.url())) {
            TaskQueue queue = redq.queue(ItSupport.queueName("frozen"));
            List<String> ids = ItSupport.enqueueJobs(queue, 120, 500);
            Map<String, Integer> runs = new ConcurrentHashMap<>();
            WorkerOptions options = WorkerOptions.builder().concurrency(20).lease(Duration.ofSeconds(15)).build();
            try (Worker w = queue.worker(options).handle("job", Job.class, (job, ctx) -> {
                Thread.sleep(job.sleepMs());
                runs.merge(ctx.taskId(), 1, Integer::sum);
            }).start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> runs.size() >= 20);
                server.pause();
                int atPause = runs.size();
                // Handlers in flight (500 ms each) finish while Redis cannot answer; their acks must wait.
                await().atMost(Duration.ofSeconds(3)).until(() -> runs.size() >= atPause + 5);
                // Frozen past the client's 5 s timeout: nothing new can be fetched, only the 20 in flight end.
                await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(8))
                        .until(() -> runs.size() <= atPause + 20);
                server.resume();
                await().atMost(Duration.ofSeconds(60)).until(() -> runs.size() == ids.size()
                        && queue.stats().pending() == 0);
                assertThat(w.state()).isEqualTo(WorkerState.RUNNING);
            }
            assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(runs.values()).as("runs per task").allMatch(n -> n == 1);
        }
    }

    @Test
    void enqueueOnAFrozenRedisFailsWithinItsTimeoutAndNothingAcknowledgedIsLost() throws Exception {
        Duration freeze = Duration.ofSeconds(10);
        long tookMs;
        try (RedisServer server = RedisServer.start(); RedQ redq = RedQ.connect(server.url())) {
            TaskQueue queue = redq.queue(ItSupport.queueName("frozen-enqueue"));
            Map<String, Integer> runs = new ConcurrentHashMap<>();
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            List<Exception> refusals = new CopyOnWriteArrayList<>();
            AtomicBoolean producing = new AtomicBoolean(true);
            Thread producer = new Thread(() -> {
                while (producing.get()) {
                    try {
                        acknowledged.add(queue.producer().enqueue("job", new Job(acknowledged.size(), 2)));
                        Thread.sleep(2);
                    } catch (QueueUnavailableException e) {
                        refusals.add(e);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "steady-producer");
            WorkerOptions options = WorkerOptions.builder().concurrency(8).lease(Duration.ofSeconds(15)).build();
            try (Worker a = record(queue, options, runs); Worker b = record(queue, options, runs)) {
                producer.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> runs.size() >= 300);
                server.pause();
                long pausedAt = System.nanoTime();
                long started = System.nanoTime();
                Throwable thrown = catchThrowable(() -> queue.producer().enqueue("job", new Job(-1, 0)));
                tookMs = (System.nanoTime() - started) / 1_000_000;
                assertThat(thrown).isInstanceOf(QueueUnavailableException.class)
                        .hasMessageContaining("Redis did not answer within the command timeout")
                        .hasMessageContaining(queue.name());
                // sent: its own command timed out; or it waited behind the steady producer's command
                // that timed out, and was failed unsent rather than made to wait a second timeout
                assertThat(thrown.getMessage()).containsAnyOf("may or may not have happened",
                        "it was not sent and not enqueued");
                assertThat(tookMs).as("ms until enqueue gave up (5 s timeout)").isLessThan(9_000);
                // Frozen: no enqueue is acknowledged until Redis answers again.
                int ackedWhileFrozen = acknowledged.size();
                Duration rest = freeze.minusNanos(System.nanoTime() - pausedAt);
                if (!rest.isNegative()) {
                    await().during(rest).atMost(rest.plusSeconds(5)).until(() -> acknowledged.size() == ackedWhileFrozen);
                }
                server.resume();
                await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= ackedWhileFrozen + 300);
                producing.set(false);
                producer.join(30_000);
                await().atMost(Duration.ofSeconds(90)).until(() -> runs.keySet().containsAll(acknowledged)
                        && queue.stats().pending() == 0);
                assertThat(a.state()).isEqualTo(WorkerState.RUNNING);
                assertThat(b.state()).isEqualTo(WorkerState.RUNNING);
            }
            assertThat(refusals).as("the producer thread's enqueues during the freeze").isNotEmpty()
                    .allSatisfy(e -> assertThat(e).hasMessageContaining("Redis did not answer"));
            Set<String> lost = new java.util.HashSet<>(acknowledged);
            lost.removeAll(runs.keySet());
            assertThat(lost).as("acknowledged enqueues that never ran").isEmpty();
            long duplicates = runs.values().stream().mapToLong(n -> n - 1).sum();
            System.out.printf("frozen Redis: enqueue gave up after %d ms; %d acknowledged, %d refused, 0 lost,"
                    + " %d duplicates%n", tookMs, acknowledged.size(), refusals.size(), duplicates);
        }
    }

    private static Worker record(TaskQueue queue, WorkerOptions options, Map<String, Integer> runs) {
        return queue.worker(options).handle("job", Job.class, (job, ctx) -> {
            Thread.sleep(job.sleepMs());
            runs.merge(ctx.taskId(), 1, Integer::sum);
        }).start();
    }

    @Test
    void handlersRunOnTheUsersExecutorWhichTheWorkerLeavesRunning() {
        try (RedisServer server = RedisServer.start(); RedQ redq = RedQ.connect(server.url())) {
            TaskQueue queue = redq.queue(ItSupport.queueName("executor"));
            ItSupport.enqueueJobs(queue, 100, 0);
            ExecutorService mine = Executors.newCachedThreadPool(r -> new Thread(r, "users-own-pool"));
            Set<String> threads = ConcurrentHashMap.newKeySet();
            try (Worker w = queue.worker(WorkerOptions.builder().executor(mine).concurrency(4).build())
                    .handle("job", Job.class, (job, ctx) -> threads.add(Thread.currentThread().getName())).start()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> queue.stats().pending() == 0);
            }
            assertThat(threads).containsOnly("users-own-pool");
            assertThat(mine.isShutdown()).isFalse();
            mine.shutdown();
        }
    }
}
