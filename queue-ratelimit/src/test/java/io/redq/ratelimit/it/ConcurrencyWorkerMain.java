package io.redq.ratelimit.it;

import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import io.redq.ratelimit.ConcurrencyLimit;
import io.redq.ratelimit.ConcurrencyLimiter;
import io.redq.ratelimit.Limits;
import java.time.Duration;

/**
 * A worker JVM for the concurrency test. Args: redisUrl queue limiterName permits leaseMs
 * concurrency timelineKey. Handles "slow" tasks under the concurrency limit; each run records its
 * start and end in Redis server time (members {@code start|<task>|<pid>|<delivery>} and
 * {@code end|...}). Prints READY once started.
 */
public final class ConcurrencyWorkerMain {

    private ConcurrencyWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String queue = args[1];
        ConcurrencyLimit limit = ConcurrencyLimit.custom().permits(Integer.parseInt(args[3]))
                .lease(Duration.ofMillis(Long.parseLong(args[4]))).rescheduleAfter(Duration.ofMillis(200)).build();
        int concurrency = Integer.parseInt(args[5]);
        RedQ redq = Mains.connect(url);
        Limits limits = Limits.of(redq);
        ConcurrencyLimiter encodes = limits.concurrency(args[2], limit);
        Timeline runs = new Timeline(redq.redisson(), args[6]);
        long pid = ProcessHandle.current().pid();
        WorkerOptions options = WorkerOptions.builder().concurrency(concurrency).lease(Duration.ofSeconds(2))
                .fetchTimeout(Duration.ofSeconds(1)).build();
        Worker worker = redq.queue(queue).worker(options)
                .handle("slow", Job.class, encodes.guard((job, ctx) -> {
                    String run = ctx.taskId() + "|" + pid + "|" + ctx.envelope().deliveries();
                    runs.record("start|" + run);
                    Thread.sleep(job.sleepMs());
                    runs.record("end|" + run);
                }))
                .start();
        System.out.println("READY " + worker.consumerId());
        Thread.currentThread().join();
    }
}
