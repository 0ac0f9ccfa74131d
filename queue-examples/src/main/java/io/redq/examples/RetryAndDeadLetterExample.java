package io.redq.examples;

import io.redq.DeadLetter;
import io.redq.DeadLetterFilter;
import io.redq.DeadLetterQueue;
import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import io.redq.retry.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A {@link RetryPolicy} at work, then the dead-letter queue from an operator's side. A payment whose
 * gateway times out twice is retried with exponential backoff and jitter and succeeds on its third
 * attempt; two payments whose card is declined use up their attempts and are dead-lettered as
 * "exhausted". The operator then lists and inspects the records, "fixes" the cause, requeues one
 * (it runs again as a fresh attempt 1 and succeeds) and purges the rest.
 */
public final class RetryAndDeadLetterExample {

    /** The payload: which payment to charge. */
    public record Charge(String payment, String outcome) { }

    /**
     * What {@link #run} did.
     *
     * @param flakyAttempts      attempts the flaky payment needed (the third succeeded)
     * @param retriesScheduled   retries the worker scheduled in all
     * @param deadLettered       records in the dead-letter queue after the first round
     * @param deadReasons        those records by reason
     * @param requeued           whether requeueing one record worked
     * @param requeuedSucceeded  whether the requeued payment then ran to success
     * @param requeuedHeader     its {@code redq-requeued} header when it ran again
     * @param purged             records deleted by the purge
     * @param deadAfter          records left at the end (0 expected)
     */
    public record Outcome(int flakyAttempts, int retriesScheduled, int deadLettered, Map<String, Long> deadReasons,
                          boolean requeued, boolean requeuedSucceeded, String requeuedHeader, long purged,
                          long deadAfter) { }

    static final int MAX_ATTEMPTS = 3;

    /** Runs the example against {@code REDIS_URL}, or a throw-away redis-server if it is not set. */
    public static void main(String[] args) throws InterruptedException {
        try (LocalRedis redis = LocalRedis.fromEnvironment()) {
            run(redis.url());
        }
    }

    private final TaskQueue queue;
    private final DeadLetterQueue dead;
    private final AtomicBoolean cardsFixed = new AtomicBoolean(false);
    private final Map<String, Integer> attemptsOf = new ConcurrentHashMap<>();
    private final Map<String, String> requeuedHeaderOf = new ConcurrentHashMap<>();
    private final AtomicInteger retries = new AtomicInteger();

    private RetryAndDeadLetterExample(TaskQueue queue) {
        this.queue = queue;
        this.dead = queue.deadLetters();
    }

    /** Runs the example on a queue of its own and returns what happened. */
    public static Outcome run(String redisUrl) throws InterruptedException {
        try (RedQ redq = RedQ.connect(redisUrl)) {
            TaskQueue queue = redq.queue("payments-" + UUID.randomUUID().toString().substring(0, 8));
            Outcome outcome = new RetryAndDeadLetterExample(queue).execute();
            Support.deleteKeys(redq, queue);
            return outcome;
        }
    }

    /** 3 attempts in all; after attempt N fails, wait 100 ms x 2^(N-1), +/- 50 % jitter, at most 1 s. */
    static RetryPolicy policy() {
        return RetryPolicy.custom()
                .maxAttempts(MAX_ATTEMPTS)
                .exponentialBackoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1))
                .jitter(0.5)
                .retryOn(IOException.class, IllegalStateException.class)
                .build();
    }

    private Outcome execute() throws InterruptedException {
        RetryPolicy policy = policy();
        System.out.println("Policy: " + policy);
        System.out.printf("  one draw of the delays: after attempt 1 %d ms, after attempt 2 %d ms%n",
                policy.delayFor(1).toMillis(), policy.delayFor(2).toMillis());
        String flaky = queue.producer().enqueue("charge", new Charge("p-1", "gateway times out twice"));
        String declinedA = queue.producer().enqueue("charge", new Charge("p-2", "card declined"));
        String declinedB = queue.producer().enqueue("charge", new Charge("p-3", "card declined"));
        try (Worker worker = worker(policy).start()) {
            Support.until(Duration.ofSeconds(20), "the flaky payment succeeds and two are dead-lettered",
                    () -> attemptsOf.getOrDefault(flaky, 0) == 3 && dead.size() == 2 && queue.stats().pending() == 0);
            List<DeadLetter> page = inspect(declinedA);
            Map<String, Long> reasons = page.stream().collect(Collectors.groupingBy(DeadLetter::reason,
                    TreeMap::new, Collectors.counting()));

            System.out.println("The card problem is fixed; requeue " + declinedA + ", purge the rest:");
            cardsFixed.set(true);
            boolean requeued = dead.requeue(declinedA);
            Support.until(Duration.ofSeconds(10), "the requeued payment runs",
                    () -> requeuedHeaderOf.containsKey(declinedA) && queue.stats().pending() == 0);
            long purged = dead.purge();
            System.out.printf("  requeued: %s, purged: %d record(s) (%s), dead-letter queue now holds %d%n",
                    requeued, purged, declinedB, dead.size());
            return new Outcome(attemptsOf.get(flaky), retries.get(), page.size(), reasons, requeued,
                    requeuedHeaderOf.containsKey(declinedA), requeuedHeaderOf.get(declinedA), purged, dead.size());
        }
    }

    private Worker worker(RetryPolicy policy) {
        Worker worker = queue.worker(WorkerOptions.builder().failurePolicy(policy)
                        .fetchTimeout(Duration.ofSeconds(1)).build())
                .handle("charge", Charge.class, (charge, ctx) -> {
                    attemptsOf.merge(ctx.taskId(), 1, Integer::sum);
                    if (charge.outcome().startsWith("gateway") && ctx.attempt() < 3) {
                        throw new IOException("payment gateway timed out (attempt " + ctx.attempt() + ")");
                    }
                    if (charge.outcome().startsWith("card") && !cardsFixed.get()) {
                        throw new IllegalStateException("card declined for payment " + charge.payment());
                    }
                    String requeued = ctx.envelope().headers().get("redq-requeued");
                    if (requeued != null) {
                        requeuedHeaderOf.put(ctx.taskId(), requeued);
                    }
                    System.out.printf("  %s charged on attempt %d%s%n", charge.payment(), ctx.attempt(),
                            requeued != null ? " (sent back from the dead-letter queue " + requeued + " time)" : "");
                });
        worker.events()
                .onRetryScheduled(e -> {
                    retries.incrementAndGet();
                    System.out.printf("  attempt %d of %s failed (%s); retry in %d ms%n", e.envelope().attempt(),
                            e.envelope().id(), e.error().getMessage(), e.retryDelay().toMillis());
                })
                .onDeadLettered(e -> System.out.printf("  %s dead-lettered: %s after %d attempt(s)%n",
                        e.envelope().id(), e.deadLetterReason(), e.envelope().attempt()));
        return worker;
    }

    /** What an operator does first: list the records, look at one, filter them. Returns the page listed. */
    private List<DeadLetter> inspect(String taskId) {
        System.out.println("The operator looks at the dead-letter queue:");
        List<DeadLetter> page = dead.list(0, 10);
        for (DeadLetter d : page) {
            System.out.printf("  %s type '%s', %s after %d attempt(s): %s: %s, died %s%n", d.taskId(),
                    d.envelope().type(), d.reason(), d.attempts(), d.errorClass(), d.errorMessage(),
                    Instant.ofEpochMilli(d.failedAt()));
        }
        DeadLetter one = dead.get(taskId).orElseThrow();
        System.out.printf("  get(%s): payload %s, first failed %s, stack head:%n    %s%n", one.taskId(),
                one.envelope().payload(), Instant.ofEpochMilli(one.firstFailedAt()),
                one.stackHead().lines().findFirst().orElse(""));
        List<DeadLetter> declined = dead.list(DeadLetterFilter.all().reason(RetryPolicy.REASON_EXHAUSTED)
                .errorClass(IllegalStateException.class.getName()), 0, 10);
        System.out.printf("  filter reason=exhausted, errorClass=IllegalStateException: %d record(s)%n",
                declined.size());
        return page;
    }
}
