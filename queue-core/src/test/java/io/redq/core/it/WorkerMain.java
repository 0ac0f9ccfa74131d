package io.redq.core.it;

import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import java.time.Duration;

/**
 * A worker in its own JVM, for the crash, zombie and poison-pill tests.
 * Args: redisUrl queue concurrency leaseMs [deliveryLimit]. Handles "job" (sleeps, records the run)
 * and "poison" (records the run, then halts the JVM like a native crash). Prints READY and its
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
        RedQ redq = RedQ.connect(url);
        TaskQueue queue = redq.queue(queueName);
        Runs runs = new Runs(redq.redisson(), queueName);
        Runs poisonRuns = new Runs(redq.redisson(), queueName + "-poison");
        WorkerOptions options = WorkerOptions.builder().concurrency(concurrency).lease(lease)
                .fetchTimeout(Duration.ofMillis(Math.min(2000, lease.toMillis() / 3)))
                .deliveryLimit(deliveryLimit).shutdownDeadline(Duration.ofSeconds(20)).build();
        Worker worker = queue.worker(options)
                .handle("job", Job.class, (job, ctx) -> {
                    if (job.sleepMs() > 0) {
                        Thread.sleep(job.sleepMs());
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
