package io.redq.examples;

import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import io.redq.retry.RetryPolicy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The worker half of a service whose producer runs elsewhere ({@link ProducerApp}): a process that
 * only consumes. Start as many as you like, on any machines that reach the same Redis; they share the
 * queue's tasks, and when one dies the others take its tasks over after its lease expires.
 *
 * <pre>
 * mvn -q -pl queue-examples exec:java -Dexec.mainClass=io.redq.examples.WorkerApp     # terminal 1, 2, ...
 * mvn -q -pl queue-examples exec:java -Dexec.mainClass=io.redq.examples.ProducerApp   # terminal 3
 * </pre>
 *
 * <p>Arguments: {@code [redis-url [queue]]}; the URL defaults to {@code REDIS_URL}, else
 * {@code redis://127.0.0.1:6379}, the queue to {@value ProducerApp#DEFAULT_QUEUE}. Ctrl-C or
 * {@code kill <pid>} (SIGTERM) stops it gracefully: no new fetches, tasks in flight finish (up to the
 * shutdown deadline), the rest go back to the queue, the lease is released.
 */
public final class WorkerApp {

    private WorkerApp() {
    }

    /** Runs a worker until the JVM is asked to stop. */
    public static void main(String[] args) throws InterruptedException {
        String url = ProducerApp.url(args);
        String queue = args.length > 1 ? args[1] : ProducerApp.DEFAULT_QUEUE;
        RedQ redq = Support.connect(url);
        WorkerOptions options = WorkerOptions.builder().concurrency(4).failurePolicy(RetryPolicy.ofDefaults())
                .shutdownDeadline(Duration.ofSeconds(10)).build();
        Worker worker = redq.queue(queue).worker(options)
                .handle(ProducerApp.TYPE, ProducerApp.Thumbnail.class, (thumbnail, ctx) -> {
                    Thread.sleep(5); // stands in for the real resizing
                    System.out.println("resized " + thumbnail.image() + " to " + thumbnail.width() + " px (attempt "
                            + ctx.attempt() + ")");
                })
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM and Ctrl-C run shutdown hooks: stop the worker gracefully there, then let main return.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            redq.close();
            System.out.println("worker stopped gracefully");
            stopped.countDown();
        }, "worker-app-shutdown"));
        System.out.println("worker ready on queue '" + queue + "' (pid " + ProcessHandle.current().pid()
                + "); stop it with Ctrl-C or kill " + ProcessHandle.current().pid());
        stopped.await();
    }
}
