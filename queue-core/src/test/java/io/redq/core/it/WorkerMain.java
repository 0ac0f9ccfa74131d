package io.redq.core.it;

import io.redq.Priorities;
import io.redq.QueueOptions;
import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import io.redq.spi.FailureDecision;
import java.time.Duration;

/**
 * A worker in its own JVM, for the crash, zombie and poison-pill tests.
 * Args: redisUrl queue concurrency leaseMs [deliveryLimit [strictLevels [shards]]]. Handles "job" (sleeps, records the run),
 * "flaky" (fails its first attempt; every failure is retried after 1.5 s) and "poison" (records the
 * run, then halts the JVM like a native crash). Prints READY and its
 * consumer id once started; stops gracefully on SIGTERM.
 */
public final class WorkerMain {

    private WorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String queueName = args[1];
        int concurrency = Integer.parseInt(args[2]);
        Duration lease = Duration.ofMillis(Long.parseLong(args[3]));
        int deliveryLimit = args.length > 4 ? Integer.parseInt(args[4]) : WorkerOptions.DEFAULT_DELIVERY_LIMIT;
        int levels = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        RedQ redq = RedQ.connect(url);
        int shards = args.length > 6 ? Integer.parseInt(args[6]) : 1;
        TaskQueue queue = redq.queue(queueName, QueueOptions.builder()
                .priorities(levels == 1 ? Priorities.none() : Priorities.strict(levels)).shards(shards).build());
        Runs runs = new Runs(redq.redisson(), queueName);
        Runs poisonRuns = new Runs(redq.redisson(), queueName + "-poison");
        WorkerOptions options = WorkerOptions.builder().concurrency(concurrency).lease(lease)
                .fetchTimeout(Duration.ofSeconds(Math.max(1, Math.min(2, lease.toSeconds() / 2))))
                .deliveryLimit(deliveryLimit).shutdownDeadline(Duration.ofSeconds(20))
                .failurePolicy(f -> FailureDecision.retryAfter(Duration.ofMillis(1500))).build();
        Worker worker = queue.worker(options)
                .handle("job", Job.class, (job, ctx) -> {
                    if (job.sleepMs() > 0) {
                        Thread.sleep(job.sleepMs());
                    }
                    runs.record(ctx.taskId());
                })
                .handle("flaky", Job.class, (job, ctx) -> {
                    if (ctx.attempt() == 1) {
                        throw new IllegalStateException("first attempt always fails");
                    }
                    runs.record(ctx.taskId());
                })
                .handle("poison", Job.class, (job, ctx) -> {
                    poisonRuns.record(ctx.taskId());
                    Runtime.getRuntime().halt(17);
                })
                .start();
        System.out.println("READY " + worker.consumerId());
        Thread.currentThread().join();
    }
}
