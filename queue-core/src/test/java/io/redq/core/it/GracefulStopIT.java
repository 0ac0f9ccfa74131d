package io.redq.core.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redq.QueueStats;
import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.WorkerState;
import io.redq.core.RedQ;
import io.redq.test.JvmProcess;
import io.redq.test.RedisEndpoint;
import io.redq.test.RedisTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A graceful stop finishes what is in flight, puts nothing twice and loses nothing. */
@RedisTest
class GracefulStopIT {

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

    @Test
    void stoppingALoadedWorkerLosesNothingAndDuplicatesNothing() {
        String name = ItSupport.queueName("graceful");
        TaskQueue queue = redq.queue(name);
        Runs runs = new Runs(redq.redisson(), name);
        List<String> ids = ItSupport.enqueueJobs(queue, 3_000, 5);
        WorkerOptions options = WorkerOptions.builder().concurrency(20).shutdownDeadline(Duration.ofSeconds(10))
                .build();

        Worker first = startRecording(queue, options, runs);
        await().atMost(Duration.ofSeconds(30)).until(() -> runs.distinct() >= 500);
        first.stop(Duration.ofSeconds(10));
        assertThat(first.state()).isEqualTo(WorkerState.STOPPED);
        QueueStats afterStop = queue.stats();
        assertThat(afterStop.active()).as("active after stop").isZero();
        assertThat(afterStop.consumers()).as("lease released").isZero();
        assertThat(runs.distinct() + afterStop.ready()).as("done + still ready").isEqualTo(ids.size());

        try (Worker second = startRecording(queue, options, runs)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> runs.distinct() == ids.size());
        }
        assertThat(runs.all().keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(runs.duplicates()).as("duplicates").isZero();
        assertThat(ItSupport.allZero(queue.stats())).isTrue();
    }

    @Test
    void aSecondStopWhileTheFirstIsRunningReturnsOnlyOnceTheWorkerHasStopped() throws Exception {
        TaskQueue queue = redq.queue(ItSupport.queueName("two-stops"));
        queue.producer().enqueue("slow", 1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Worker worker = queue.worker(WorkerOptions.builder().concurrency(1).fetchTimeout(Duration.ofSeconds(1)).build())
                .handle("slow", Integer.class, (n, ctx) -> {
                    started.countDown();
                    release.await(); // in flight until the test lets it go
                })
                .start();
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        Thread first = new Thread(() -> worker.stop(Duration.ofSeconds(30)), "first-stop"); // like a shutdown hook
        first.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> worker.state() == WorkerState.STOPPING);

        Thread second = new Thread(worker::close, "second-stop");
        second.start();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(second::isAlive);
        release.countDown();
        second.join(30_000);

        assertThat(second.isAlive()).as("the second stop returned").isFalse();
        assertThat(worker.state()).as("state when the second stop returned").isEqualTo(WorkerState.STOPPED);
        assertThat(queue.stats().consumers()).as("lease released").isZero();
        assertThat(queue.stats().pending()).as("the task was finished and acknowledged").isZero();
        first.join(30_000);
    }

    @Test
    void sigtermStopsAWorkerJvmGracefully() {
        String name = ItSupport.queueName("sigterm");
        TaskQueue queue = redq.queue(name);
        Runs runs = new Runs(redq.redisson(), name);
        List<String> ids = ItSupport.enqueueJobs(queue, 1_000, 5);
        try (JvmProcess child = JvmProcess.start(WorkerMain.class, List.of(redis.url(), name, "10", "3000"))) {
            child.awaitOutput("READY ", Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(30)).until(() -> runs.distinct() >= 100);
            child.terminate();
            child.waitForExit(Duration.ofSeconds(30));
        }
        QueueStats afterStop = queue.stats();
        assertThat(afterStop.active()).isZero();
        assertThat(afterStop.consumers()).isZero();
        assertThat(runs.distinct() + afterStop.ready()).isEqualTo(ids.size());
        assertThat(runs.duplicates()).isZero();
    }

    @Test
    void tasksStillRunningAtTheDeadlineAreInterruptedAndPutBackAtTheFront() throws Exception {
        TaskQueue queue = redq.queue(ItSupport.queueName("deadline"));
        String slow = queue.producer().enqueue("job", new Job(1, 0));
        String next = queue.producer().enqueue("job", new Job(2, 0));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Worker w = queue.worker(WorkerOptions.builder().concurrency(1).build())
                .handle("job", Job.class, (job, ctx) -> {
                    started.countDown();
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                        throw e;
                    }
                }).start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        w.stop(Duration.ofMillis(300));
        assertThat(interrupted.getCount()).isZero();
        assertThat(queue.stats().active()).isZero();
        assertThat(queue.stats().dead()).as("an interrupted task is not a failure").isZero();
        List<String> ready = redq.redisson().<String>getList("redq:{" + queue.name() + "}:ready",
                org.redisson.client.codec.StringCodec.INSTANCE).readAll();
        assertThat(ready).hasSize(2);
        assertThat(ready.get(1)).as("front of the queue (right end)").contains(slow);
        assertThat(ready.get(0)).contains(next);
    }

    private static Worker startRecording(TaskQueue queue, WorkerOptions options, Runs runs) {
        return queue.worker(options).handle("job", Job.class, (job, ctx) -> {
            Thread.sleep(job.sleepMs());
            runs.record(ctx.taskId());
        }).start();
    }
}
