package io.redq.examples;

import io.redq.QueueStats;
import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.core.RedQ;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The classic producer and consumer: enqueue a few e-mails, handle them, stop, print the counts. */
public final class QuickStart {

    /** The payload: any JSON-mappable type; the handler declares it, the message never names it. */
    public record Email(String to, String subject) {
    }

    /** What {@link #run} did: how many e-mails the handler sent, and the queue's counts afterwards. */
    public record Outcome(int sent, QueueStats after) {
    }

    static final int EMAILS = 5;

    private QuickStart() {
    }

    /** Runs the quick start against {@code REDIS_URL}, or a throw-away redis-server if it is not set. */
    public static void main(String[] args) throws InterruptedException {
        try (LocalRedis redis = LocalRedis.fromEnvironment()) {
            run(redis.url());
        }
    }

    /** Runs the quick start against {@code redisUrl} on a queue of its own. */
    public static Outcome run(String redisUrl) throws InterruptedException {
        try (RedQ redq = RedQ.connect(redisUrl)) {
            TaskQueue emails = redq.queue("quickstart-emails-" + UUID.randomUUID().toString().substring(0, 8));
            for (int i = 1; i <= EMAILS; i++) {
                emails.producer().enqueue("send-email", new Email("user" + i + "@example.com", "Welcome #" + i));
            }
            CountDownLatch sent = new CountDownLatch(EMAILS);
            Worker worker = emails.worker()
                    .handle("send-email", Email.class, (email, ctx) -> {
                        System.out.println("sending '" + email.subject() + "' to " + email.to()
                                + " (task " + ctx.taskId() + ")");
                        sent.countDown();
                    })
                    .start();
            boolean allSent = sent.await(30, TimeUnit.SECONDS);
            worker.stop(Duration.ofSeconds(10)); // lets the last handlers finish and acknowledge
            QueueStats stats = emails.stats();
            System.out.println((allSent ? "done: " : "timed out: ") + stats);
            return new Outcome(EMAILS - (int) sent.getCount(), stats);
        }
    }
}
