package io.redq.bench;

import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RMap;
import org.redisson.client.codec.StringCodec;

/**
 * One worker JVM of the soak run. Args: redisUrl queue concurrency leaseSeconds. Runs "soak" tasks
 * (sleeps the payload's ms, then counts the run per task id in {@code soak:{queue}:runs}), prints
 * {@code READY <consumer>} once started and {@code HEAP <bytes>} (heap in use right after a full GC,
 * i.e. its live set) every 5 s. Stops gracefully on SIGTERM.
 */
public final class SoakWorker {

    private SoakWorker() {
    }

    /** A soak task: how long the handler takes. */
    public record Task(long sleepMs) {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String queueName = args[1];
        int concurrency = Integer.parseInt(args[2]);
        Duration lease = Duration.ofSeconds(Long.parseLong(args[3]));
        RedQ redq = RedQ.connect(url);
        TaskQueue queue = redq.queue(queueName);
        RMap<String, String> runs = redq.redisson().getMap(Soak.runsKey(queueName), StringCodec.INSTANCE);
        WorkerOptions options = WorkerOptions.builder().concurrency(concurrency).lease(lease)
                .fetchTimeout(Duration.ofSeconds(Math.max(1, lease.toSeconds() / 2))).build();
        Worker worker = queue.worker(options).handle("soak", Task.class, (task, ctx) -> {
            if (task.sleepMs() > 0) {
                Thread.sleep(task.sleepMs());
            }
            runs.addAndGet(ctx.taskId(), 1);
        }).start();
        System.out.println("READY " + worker.consumerId());
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "soak-heap-sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(() -> {
            System.gc(); // the live set, not whatever garbage the young generation holds right now
            System.out.println("HEAP " + memory.getHeapMemoryUsage().getUsed());
        }, 5, 5, TimeUnit.SECONDS);
        Thread.currentThread().join();
    }
}
