package io.redq.examples;

import io.redq.DeadLetter;
import io.redq.Priorities;
import io.redq.Producer;
import io.redq.QueueOptions;
import io.redq.QueueStats;
import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import io.redq.ratelimit.Limits;
import io.redq.ratelimit.RateLimit;
import io.redq.retry.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collector;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.client.codec.StringCodec;

/**
 * The demo to run first: a mixed workload on a queue of its own (a random name, so it never touches
 * other data) with three priority levels (urgent, normal, bulk; weighted 6:3:1), two workers with a
 * {@link RetryPolicy}, a progress line, a summary, and the queue's keys deleted at the end.
 * The workload holds good e-mails on every level, contacts whose CRM call fails twice and then
 * succeeds (retried with backoff), contacts that always fail (dead-lettered as "exhausted" after
 * their last attempt), the three kinds of bad input (a string that is no envelope, a type without
 * handler, a payload that does not bind), a unique task enqueued twice, and calls to a partner API
 * that allows {@value #PARTNER_LIMIT} a second: a cluster-wide rate limit in Redis
 * ({@code queue-ratelimit}) that both workers share; a call over the limit is rescheduled without
 * spending an attempt. The workers go on through all of it.
 *
 * <p>Run with {@code -Dexec.args=--keep} to keep the queue afterwards and inspect it with the
 * {@code redq} command-line tool.
 */
public final class Demo {

    /** The priority levels, most urgent first: level 0 is "urgent". */
    static final String[] LEVELS = {"urgent", "normal", "bulk"};
    /** E-mails enqueued on each level. */
    static final int[] EMAILS_PER_LEVEL = {200, 800, 1_000};
    static final int EMAILS = IntStream.of(EMAILS_PER_LEVEL).sum();
    /** Contacts whose first two attempts fail: retried, then they succeed. */
    static final int FLAKY = 20;
    /** Contacts that always fail: dead-lettered "exhausted" after {@value #MAX_ATTEMPTS} attempts. */
    static final int FAILING = 10;
    static final int MAX_ATTEMPTS = 3;
    /** Calls to the partner API, which allows {@value #PARTNER_LIMIT} a second across all workers. */
    static final int PARTNER_CALLS = 60;
    static final int PARTNER_LIMIT = 25;
    static final int WORKERS = 2;
    static final int CONCURRENCY = 8;
    private static final int NORMAL = 1;
    private static final Duration TIME_LIMIT = Duration.ofSeconds(40);

    // The payloads of the demo's task types: any JSON-mappable types, bound by the handler's declaration.
    record Email(String to, String subject) { }

    record Contact(int id, boolean flaky) { }

    record Image(String url) { }

    record Report(String month) { }

    record PartnerCall(int order) { }

    /** One task whose handler succeeded: its type, level, how long it waited in Redis (ms), its attempt. */
    private record Done(String type, int level, long waitedMs, int attempt) { }

    /**
     * What one run did.
     *
     * @param queue             the queue name
     * @param processed         tasks whose handler succeeded
     * @param processedByLevel  those by priority level name, most urgent first
     * @param meanWaitMsByLevel of the e-mails, mean time from enqueue to the start of the successful
     *                          attempt, ms, by level
     * @param retriesScheduled  retries the workers scheduled (heard with {@code events().onRetryScheduled})
     * @param succeededAfterRetry tasks that succeeded on a later attempt than their first
     * @param deadLetters       dead-letter records by reason
     * @param duplicatesRefused unique enqueues refused because the key was held
     * @param partnerCalls      calls the rate-limited handler made
     * @param partnerBusiestSecond the most of those in any sliding second
     * @param rescheduled       times a partner call was over the limit and put back (no attempt spent)
     * @param elapsed           from starting the workers until every task was done
     * @param keysLeft          keys of the queue still in Redis after the clean-up (0 expected)
     */
    public record Summary(String queue, int processed, Map<String, Long> processedByLevel,
                          Map<String, Long> meanWaitMsByLevel, long retriesScheduled, long succeededAfterRetry,
                          Map<String, Long> deadLetters, int duplicatesRefused, int partnerCalls,
                          int partnerBusiestSecond, long rescheduled, Duration elapsed, long keysLeft) {

        /** All dead-letter records. */
        public long deadLettered() {
            return deadLetters.values().stream().mapToLong(Long::longValue).sum();
        }

        Summary withKeysLeft(long n) {
            return new Summary(queue, processed, processedByLevel, meanWaitMsByLevel, retriesScheduled,
                    succeededAfterRetry, deadLetters, duplicatesRefused, partnerCalls, partnerBusiestSecond,
                    rescheduled, elapsed, n);
        }

        /** Tasks finished (processed or dead-lettered) per second. */
        public double throughput() {
            return (processed + deadLettered()) * 1000.0 / Math.max(1, elapsed.toMillis());
        }
    }

    private final RedQ redq;
    private final TaskQueue queue;
    private final Limits limits;
    private final String partnerApi;
    private final Map<String, Done> processed = new ConcurrentHashMap<>();
    private final LongAdder retries = new LongAdder();
    private final LongAdder rescheduled = new LongAdder();
    private final List<Long> partnerCallTimes = new CopyOnWriteArrayList<>();
    private final boolean liveLine = System.console() != null;

    private Demo(RedQ redq, TaskQueue queue, Limits limits) {
        this.redq = redq;
        this.queue = queue;
        this.limits = limits;
        this.partnerApi = queue.name() + "-partner-api";
    }

    /**
     * Runs the demo against {@code REDIS_URL}, else Redis on 127.0.0.1:6379 if one answers, else a
     * throw-away redis-server. {@code --keep} keeps the queue's keys for inspection.
     */
    public static void main(String[] args) throws InterruptedException {
        boolean keep = false;
        for (String arg : args) {
            if (arg.equals("--keep")) {
                keep = true;
            } else {
                Support.fail("unknown argument '" + arg + "' (the demo takes only --keep)");
            }
        }
        try (LocalRedis redis = LocalRedis.fromEnvironment(); RedQ redq = Support.connect(redis)) {
            if (keep && redis.isThrowAway()) {
                System.out.println("(--keep has no use on a throw-away redis-server, which stops at the end;"
                        + " set REDIS_URL or run Redis on 127.0.0.1:6379)");
                keep = false;
            }
            run(redq, keep);
        }
    }

    /** Runs the demo against {@code redisUrl}, prints its progress and summary, and deletes its keys. */
    public static Summary run(String redisUrl) throws InterruptedException {
        try (RedQ redq = RedQ.connect(redisUrl)) {
            return run(redq, false);
        }
    }

    private static Summary run(RedQ redq, boolean keep) throws InterruptedException {
        String name = "demo-" + UUID.randomUUID().toString().substring(0, 8);
        // Every producer and worker of the queue, in every JVM, must open it with these same options.
        QueueOptions options = QueueOptions.builder().priorities(Priorities.weighted(6, 3, 1)
                .name(LEVELS[0], 0).name(LEVELS[1], 1).name(LEVELS[2], 2).defaultLevel(NORMAL)).build();
        try (Limits limits = Limits.of(redq)) {
            Demo demo = new Demo(redq, redq.queue(name, options), limits);
            Summary summary;
            try {
                summary = demo.execute();
            } finally {
                if (!keep) {
                    demo.deleteKeys();
                }
            }
            summary = summary.withKeysLeft(keep ? 0 : demo.countKeys());
            print(summary, keep);
            return summary;
        }
    }

    private Summary execute() throws InterruptedException {
        System.out.printf("Queue '%s' (levels %s, weighted 6:3:1): enqueuing %,d e-mails, %d flaky and %d failing"
                + " contacts, 3 bad inputs, a unique task twice and %d partner API calls (at most %d a second)%n",
                queue.name(), String.join("/", LEVELS), EMAILS, FLAKY, FAILING, PARTNER_CALLS, PARTNER_LIMIT);
        int refused = enqueueWorkload();
        long start = System.nanoTime();
        List<Worker> workers = startWorkers();
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
        Duration elapsed;
        try {
            progress.scheduleAtFixedRate(this::printProgress, 250, liveLine ? 250 : 1_000, TimeUnit.MILLISECONDS);
            awaitDone(start);
            elapsed = Duration.ofNanos(System.nanoTime() - start);
        } finally {
            progress.shutdown(); // no new progress line; one being printed finishes
            progress.awaitTermination(5, TimeUnit.SECONDS);
            workers.forEach(Worker::close); // graceful stop: nothing is in flight any more
        }
        printProgress();
        if (liveLine) {
            System.out.println();
        }
        long afterRetry = processed.values().stream().filter(d -> d.attempt() > 1).count();
        return new Summary(queue.name(), processed.size(), byLevel(Collectors.counting()),
                byLevel(Collectors.filtering(d -> d.type().equals("send-email"),
                        Collectors.collectingAndThen(Collectors.averagingLong(Done::waitedMs), Math::round))),
                retries.sum(), afterRetry, deadLettersByReason(), refused, partnerCallTimes.size(),
                busiestSecond(partnerCallTimes), rescheduled.sum(), elapsed, 0);
    }

    /** Enqueues the workload, bad input first; returns how many unique enqueues were refused. */
    private int enqueueWorkload() {
        Producer producer = queue.producer();
        for (int i = 0; i < FLAKY + FAILING; i++) {
            producer.enqueue("sync-contact", new Contact(i, i < FLAKY)); // on the default level, "normal"
        }
        // What a buggy foreign producer might push. (The workers are not running yet; a live foreign
        // producer must also leave a wake-up token on a queue with levels: see docs/wire-format.md.)
        redq.redisson().getDeque("redq:{" + queue.name() + "}:ready:" + NORMAL, StringCodec.INSTANCE)
                .addFirst("this string is not a redq envelope");
        producer.enqueue("resize-image", new Image("https://example.com/cat.png")); // no worker handles it
        producer.enqueue("send-email", "not an e-mail"); // a JSON string where an Email object is expected
        List<PartnerCall> calls = IntStream.range(0, PARTNER_CALLS).mapToObj(PartnerCall::new).toList();
        producer.enqueueAll("notify-partner", calls, 0); // urgent: without the limit they would all start at once
        int refused = 0;
        for (int i = 0; i < 2; i++) {
            if (producer.enqueueUnique("monthly-report", new Report("2025-06"), "report:2025-06").isEmpty()) {
                refused++;
            }
        }
        // Bulk first, so the urgent e-mails are the last ones enqueued: they still run first.
        for (int level = LEVELS.length - 1; level >= 0; level--) {
            String subject = LEVELS[level] + " #";
            List<Email> emails = IntStream.range(0, EMAILS_PER_LEVEL[level])
                    .mapToObj(i -> new Email("user" + i + "@example.com", subject + i)).toList();
            producer.enqueueAll("send-email", emails, level); // one script call per level
        }
        return refused;
    }

    private List<Worker> startWorkers() {
        // 3 attempts in all; after attempt N fails wait 50 ms x 2^(N-1), +/- 50 % jitter, at most 1 s.
        RetryPolicy retry = RetryPolicy.custom().maxAttempts(MAX_ATTEMPTS)
                .exponentialBackoff(Duration.ofMillis(50), 2.0, Duration.ofSeconds(1)).jitter(0.5).build();
        // The partner allows PARTNER_LIMIT calls a second from all of us together: a limiter in Redis.
        limits.rate(partnerApi, RateLimit.of(PARTNER_LIMIT, Duration.ofSeconds(1)));
        // A short fetch timeout (whole seconds, 1 s at least) makes the stop at the end quick.
        WorkerOptions options = WorkerOptions.builder().concurrency(CONCURRENCY).failurePolicy(retry)
                .fetchTimeout(Duration.ofSeconds(1)).build();
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            Worker worker = queue.worker(options)
                    .handle("send-email", Email.class, (email, ctx) -> {
                        Thread.sleep(ThreadLocalRandom.current().nextInt(10, 31)); // pretend to talk to SMTP
                        done(ctx.taskId(), ctx.envelope().type(), ctx.envelope().priority(), ctx.envelope().enqueuedAt(), ctx.attempt());
                    })
                    .handle("sync-contact", Contact.class, (contact, ctx) -> {
                        if (!contact.flaky()) {
                            throw new IllegalStateException("CRM rejected contact " + contact.id() + ": account locked");
                        }
                        if (ctx.attempt() < MAX_ATTEMPTS) {
                            throw new IOException("CRM timed out on contact " + contact.id());
                        }
                        done(ctx.taskId(), ctx.envelope().type(), ctx.envelope().priority(), ctx.envelope().enqueuedAt(), ctx.attempt());
                    })
                    .handle("notify-partner", PartnerCall.class, (call, ctx) -> {
                        limits.acquire(partnerApi); // over the limit: RescheduleException, runs again later
                        partnerCallTimes.add(System.nanoTime());
                        done(ctx.taskId(), ctx.envelope().type(), ctx.envelope().priority(), ctx.envelope().enqueuedAt(), ctx.attempt());
                    })
                    .handle("monthly-report", Report.class, (report, ctx) ->
                            done(ctx.taskId(), ctx.envelope().type(), ctx.envelope().priority(), ctx.envelope().enqueuedAt(), ctx.attempt()));
            worker.events().onRetryScheduled(e -> retries.increment());
            worker.events().onRescheduled(e -> rescheduled.increment());
            workers.add(worker.start());
        }
        System.out.printf("Started %d workers with concurrency %d each, %s%n", WORKERS, CONCURRENCY, retry);
        return workers;
    }

    private void done(String taskId, String type, int level, long enqueuedAt, int attempt) {
        processed.put(taskId, new Done(type, level, System.currentTimeMillis() - enqueuedAt, attempt));
    }

    private <R> Map<String, R> byLevel(Collector<Done, ?, R> collector) {
        Map<Integer, R> byNumber = processed.values().stream().collect(Collectors.groupingBy(Done::level, collector));
        Map<String, R> out = new LinkedHashMap<>();
        for (int level = 0; level < LEVELS.length; level++) {
            if (byNumber.containsKey(level)) {
                out.put(LEVELS[level], byNumber.get(level));
            }
        }
        return out;
    }

    /** Waits until every good task ran, every bad one is dead-lettered and nothing is pending. */
    private void awaitDone(long startNanos) throws InterruptedException {
        long limit = startNanos + TIME_LIMIT.toNanos();
        while (true) {
            QueueStats s = queue.stats();
            if (processed.size() == EMAILS + FLAKY + PARTNER_CALLS + 1 && s.dead() == FAILING + 3
                    && s.pending() == 0) {
                return;
            }
            if (System.nanoTime() > limit) {
                throw new IllegalStateException("the demo did not finish within " + TIME_LIMIT + ": processed "
                        + processed.size() + ", " + s);
            }
            Thread.sleep(50);
        }
    }

    /** One progress line; on a terminal it is redrawn in place. */
    private void printProgress() {
        String line;
        try {
            QueueStats s = queue.stats();
            line = String.format("  processed %,6d   retries %3d   rate-limited %3d   dead-lettered %3d   ready %,6d"
                    + "   delayed %3d   active %3d", processed.size(), retries.sum(), rescheduled.sum(), s.dead(),
                    s.ready(), s.delayed(), s.active());
        } catch (RuntimeException e) {
            line = "  (counts unavailable: " + e.getMessage() + ")";
        }
        if (liveLine) {
            System.out.print("\r" + line);
            System.out.flush();
        } else {
            System.out.println(line);
        }
    }

    /** The most moments (System.nanoTime) in any sliding second. */
    static int busiestSecond(List<Long> nanos) {
        List<Long> sorted = nanos.stream().sorted().toList();
        int most = 0;
        int j = 0;
        for (int i = 0; i < sorted.size(); i++) {
            while (j < sorted.size() && sorted.get(j) < sorted.get(i) + 1_000_000_000L) {
                j++;
            }
            most = Math.max(most, j - i);
        }
        return most;
    }

    private Map<String, Long> deadLettersByReason() {
        List<DeadLetter> records = queue.deadLetters().list(0, 1_000);
        records.stream().filter(d -> d.errorClass() != null).findFirst().ifPresent(d -> System.out.printf(
                "Newest dead letter: task %s of type '%s', reason '%s' after %d attempt(s): %s: %s%n", d.taskId(),
                d.envelope().type(), d.reason(), d.attempts(), d.errorClass(), d.errorMessage()));
        return records.stream().collect(Collectors.groupingBy(DeadLetter::reason, TreeMap::new,
                Collectors.counting()));
    }

    private void deleteKeys() {
        long deleted = redq.redisson().getKeys().deleteByPattern(keyPattern()) // SCAN + DEL, never KEYS
                + redq.redisson().getKeys().deleteByPattern(limiterPattern());
        redq.redisson().getSet("redq:queues", StringCodec.INSTANCE).remove(queue.name()); // the queue registry
        System.out.printf("Deleted the demo's %d key(s) %s and %s%n", deleted, keyPattern(), limiterPattern());
    }

    private long countKeys() {
        return redq.redisson().getKeys().getKeysStream(KeysScanOptions.defaults().pattern(keyPattern())).count()
                + redq.redisson().getKeys().getKeysStream(KeysScanOptions.defaults().pattern(limiterPattern())).count();
    }

    private String limiterPattern() {
        return "redq:limit:{" + partnerApi + "}:*";
    }

    private String keyPattern() {
        return "redq:{" + queue.name() + "}:*";
    }

    private static void print(Summary s, boolean kept) {
        System.out.println();
        System.out.println("  ------------------------------------------------------");
        System.out.printf("  %-26s %,12d%n", "processed", s.processed());
        s.processedByLevel().forEach((level, n) -> System.out.printf("    %-24s %,12d   e-mails waited %,6d ms on average%n",
                level, n, s.meanWaitMsByLevel().get(level)));
        System.out.printf("  %-26s %,12d%n", "retries scheduled", s.retriesScheduled());
        System.out.printf("    %-24s %,12d%n", "succeeded after a retry", s.succeededAfterRetry());
        System.out.printf("  %-26s %,12d%n", "dead-lettered", s.deadLettered());
        s.deadLetters().forEach((reason, n) -> System.out.printf("    %-24s %,12d%n", reason, n));
        System.out.printf("  %-26s %,12d%n", "duplicates refused", s.duplicatesRefused());
        System.out.printf("  %-26s %,12d   at most %d in any second (limit %d/s)%n", "partner API calls",
                s.partnerCalls(), s.partnerBusiestSecond(), PARTNER_LIMIT);
        System.out.printf("    %-24s %,12d%n", "put back by the limit", s.rescheduled());
        System.out.printf("  %-26s %10.1f s%n", "elapsed", s.elapsed().toMillis() / 1000.0);
        System.out.printf("  %-26s %,8.0f tasks/s%n", "throughput", s.throughput());
        System.out.println("  ------------------------------------------------------");
        System.out.println("  (each e-mail handler sleeps 10-30 ms to stand in for real work; all tasks were");
        System.out.println("   enqueued before the workers started, bulk first, urgent last)");
        System.out.println();
        System.out.println("Inspect the dead-letter queue in code:");
        System.out.println("  List<DeadLetter> page = queue.deadLetters().list(0, 10); // newest first: reason, error");
        System.out.println("  queue.deadLetters().requeue(page.get(0).taskId());      // back to ready as attempt 1");
        System.out.println("  queue.deadLetters().purge();                            // delete every record");
        System.out.println("or with the command-line tool (build it: mvn -q -pl queue-cli -am package -DskipTests):");
        if (kept) {
            System.out.printf("  java -jar queue-cli/target/redq.jar --url <the REDIS_URL above> dead list %s%n", s.queue());
            System.out.printf("  java -jar queue-cli/target/redq.jar --url <the REDIS_URL above> dead purge %s --yes%n",
                    s.queue());
            System.out.printf("The queue '%s' was kept (--keep); delete its keys with:%n", s.queue());
            System.out.printf("  redis-cli --scan --pattern 'redq:{%s}:*' | xargs redis-cli del%n", s.queue());
        } else {
            System.out.println("  java -jar queue-cli/target/redq.jar dead list <queue>   (rerun the demo with"
                    + " -Dexec.args=--keep to keep its queue)");
        }
    }
}
