package io.redq.it;

import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import java.time.Duration;
import org.redisson.client.codec.StringCodec;

/**
 * A worker in its own JVM, for crash tests on other topologies. Args: url queue concurrency leaseMs
 * runsKey. Handles "job" (sleeps, then counts the run in the hash {@code runsKey}); prints READY and its
 * consumer id once started.
 */
public final class WorkerMain {

    private WorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        RedQ redq = RedQ.connect(args[0]);
        String runsKey = args[4];
        WorkerOptions options = WorkerOptions.builder().concurrency(Integer.parseInt(args[2]))
                .lease(Duration.ofMillis(Long.parseLong(args[3]))).fetchTimeout(Duration.ofSeconds(1)).build();
        Worker worker = redq.queue(args[1]).worker(options).handle("job", Job.class, (job, ctx) -> {
            Thread.sleep(job.sleepMs());
            redq.redisson().<String, String>getMap(runsKey, StringCodec.INSTANCE).addAndGet(ctx.taskId(), 1);
        }).start();
        System.out.println("READY " + worker.consumerId());
        Thread.currentThread().join();
    }
}
