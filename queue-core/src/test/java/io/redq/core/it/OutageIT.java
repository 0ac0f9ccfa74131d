package io.redq.core.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Redis frozen mid-run: acks of tasks that finished meanwhile are retried, so nothing runs twice. */
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
