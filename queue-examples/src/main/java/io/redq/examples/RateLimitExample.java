package io.redq.examples;

import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import io.redq.ratelimit.ConcurrencyLimit;
import io.redq.ratelimit.ConcurrencyLimiter;
import io.redq.ratelimit.Limits;
import io.redq.ratelimit.RateLimit;
import io.redq.ratelimit.RateLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.redisson.api.options.KeysScanOptions;

/**
 * The three limits of {@code queue-ratelimit}, each on a queue of its own, with two workers standing in
 * for two JVMs (every limit lives in Redis, so it holds across any number of them):
 * <ol>
 *   <li>a queue rate limit: at most 20 tasks a second start from the queue; the workers take a
 *       permit before they fetch, so the backlog waits in the ready list;</li>
 *   <li>a key rate limit inside a handler: at most 5 calls a second to one API host; a task over the
 *       limit is rescheduled without spending an attempt;</li>
 *   <li>a concurrency limit: at most 2 encodes at once; a permit is held on a lease the holder renews
 *       while its task runs, so a killed JVM cannot leak it.</li>
 * </ol>
 */
public final class RateLimitExample {

    /** The payload of every task here: a sequence number. */
    public record Item(int n) {
    }

    /**
     * What {@link #run} did.
     *
     * @param sent            tasks of the rate-limited queue that ran
     * @param permitsPerSecond permits the queue's limiter granted in each second since the first (this
     *                        JVM's clock); a task starts a moment after its permit (the very first ones
     *                        of a cold JVM a good 100 ms after, while Jackson and the rest load)
     * @param busiestSecond   the most permits granted in any sliding second
     * @param apiCalls        API calls made by the key-limited handler
     * @param apiCallsPerSecond of those, how many in each second since the first
     * @param rescheduled     times a task was put back by the key limit
     * @param attempts        the attempt number each API call ran with (all 1: rescheduling spends none)
     * @param encodes         encodes that ran under the concurrency limit
     * @param mostAtOnce      the most encodes that ran at the same time
     * @param keysDeleted     keys of the example's queues and limiters deleted at the end
     * @param keysLeft        such keys still in Redis after that (0)
     */
    public record Outcome(int sent, Map<Long, Integer> permitsPerSecond, int busiestSecond, int apiCalls, Map<Long, Integer> apiCallsPerSecond,
                          int rescheduled, List<Integer> attempts, int encodes, int mostAtOnce, long keysDeleted,
                          long keysLeft) {
    }

    static final int QUEUE_LIMIT = 20;
    static final int EMAILS = 50;
    static final int API_LIMIT = 5;
    static final int CALLS = 12;
    static final int ENCODE_PERMITS = 2;
    static final int VIDEOS = 6;

    private RateLimitExample() {
    }

    /** Runs the example against {@code REDIS_URL}, or a throw-away redis-server if it is not set. */
    public static void main(String[] args) throws InterruptedException {
        try (LocalRedis redis = LocalRedis.fromEnvironment()) {
            run(redis.url());
        }
    }

    /** Runs the example on queues and limiters of its own and returns what happened. */
    public static Outcome run(String redisUrl) throws InterruptedException {
        String id = UUID.randomUUID().toString().substring(0, 8);
        try (RedQ redq = RedQ.connect(redisUrl); Limits limits = Limits.of(redq)) {
            List<Long> permits = new CopyOnWriteArrayList<>();
            List<Long> sent = queueRate(redq, limits, "newsletter-" + id, permits);
            List<Integer> attempts = new CopyOnWriteArrayList<>();
            AtomicInteger rescheduled = new AtomicInteger();
            List<Long> calls = keyRate(redq, limits, "webhooks-" + id, "api-" + id + ".example.com", attempts,
                    rescheduled);
            int[] encodes = concurrency(redq, limits, "videos-" + id, "video-encode-" + id);
            String pattern = "redq:*" + id + "*";
            long deleted = redq.redisson().getKeys().deleteByPattern(pattern);
            long left = redq.redisson().getKeys().getKeysStream(KeysScanOptions.defaults().pattern(pattern)).count();
            System.out.printf("Deleted the example's %d keys (queues and limiters); %d left%n", deleted, left);
            return new Outcome(sent.size(), perSecond(permits), busiest(permits), calls.size(), perSecond(calls), rescheduled.get(),
                    List.copyOf(attempts), encodes[0], encodes[1], deleted, left);
        }
    }

    /** 1. Queue rate: 50 e-mails, at most 20 a second, shared by two workers. */
    private static List<Long> queueRate(RedQ redq, Limits limits, String name, List<Long> permits)
            throws InterruptedException {
        TaskQueue queue = redq.queue(name);
        queue.producer().enqueueAll("send", items(EMAILS));
        RateLimiter limiter = limits.queueRate(name, RateLimit.of(QUEUE_LIMIT, Duration.ofSeconds(1)));
        limiter.events().onAcquired(e -> {
            for (int i = 0; i < e.permits(); i++) {
                permits.add(System.nanoTime());
            }
        });
        WorkerOptions options = WorkerOptions.builder().concurrency(4).fetchTimeout(Duration.ofSeconds(1))
                .fetchLimiter(limiter.asFetchLimiter()).build();
        List<Long> started = new CopyOnWriteArrayList<>();
        System.out.printf("1. Queue rate limit: %d e-mails, at most %d a second from queue '%s', two workers%n",
                EMAILS, QUEUE_LIMIT, name);
        try (Worker a = queue.worker(options).handle("send", Item.class, (item, ctx) -> started.add(System.nanoTime()));
             Worker b = queue.worker(options).handle("send", Item.class, (item, ctx) -> started.add(System.nanoTime()))) {
            a.start();
            b.start();
            Support.until(Duration.ofSeconds(30), "every e-mail was sent", () -> started.size() == EMAILS);
        }
        System.out.printf("   %d sent; permits per second: %s (the last second is partial); most in any sliding"
                + " second: %d%n", started.size(), perSecond(permits).values(), busiest(permits));
        return started;
    }

    /** 2. Key rate: 12 webhook calls to one host allowing 5 a second; over the limit, rescheduled. */
    private static List<Long> keyRate(RedQ redq, Limits limits, String name, String host, List<Integer> attempts,
                                      AtomicInteger rescheduled) throws InterruptedException {
        TaskQueue queue = redq.queue(name);
        limits.rate(host, API_LIMIT, Duration.ofSeconds(1));
        queue.producer().enqueueAll("call", items(CALLS));
        List<Long> calls = new CopyOnWriteArrayList<>();
        System.out.printf("2. Key rate limit in a handler: %d calls to %s, which allows %d a second%n", CALLS, host,
                API_LIMIT);
        Worker worker = queue.worker(WorkerOptions.builder().concurrency(4).fetchTimeout(Duration.ofSeconds(1)).build())
                .handle("call", Item.class, (item, ctx) -> {
                    limits.acquire(host); // over the limit: RescheduleException, the task runs again later
                    calls.add(System.nanoTime());
                    attempts.add(ctx.attempt());
                });
        worker.events().onRescheduled(e -> rescheduled.incrementAndGet());
        try (worker) {
            worker.start();
            Support.until(Duration.ofSeconds(30), "every call was made",
                    () -> calls.size() == CALLS && queue.stats().pending() == 0);
        }
        System.out.printf("   calls per second: %s; %d times a task was put back by the limit, attempts %s%n",
                perSecond(calls).values(), rescheduled.get(), new TreeMap<>(count(attempts)));
        return calls;
    }

    /** 3. Concurrency: 6 slow encodes, at most 2 at once over two workers with 3 slots each. */
    private static int[] concurrency(RedQ redq, Limits limits, String name, String limiterName)
            throws InterruptedException {
        TaskQueue queue = redq.queue(name);
        ConcurrencyLimiter encodes = limits.concurrency(limiterName, ConcurrencyLimit.custom().permits(ENCODE_PERMITS)
                .lease(Duration.ofSeconds(10)).rescheduleAfter(Duration.ofMillis(100)).build());
        queue.producer().enqueueAll("encode", items(VIDEOS));
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        System.out.printf("3. Concurrency limit: %d encodes of 300 ms, at most %d at once (limiter '%s')%n", VIDEOS,
                ENCODE_PERMITS, limiterName);
        WorkerOptions options = WorkerOptions.builder().concurrency(3).fetchTimeout(Duration.ofSeconds(1)).build();
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            workers.add(queue.worker(options).handle("encode", Item.class, encodes.guard((item, ctx) -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                Thread.sleep(300);
                running.decrementAndGet();
                done.incrementAndGet();
            })).start());
        }
        try {
            Support.until(Duration.ofSeconds(30), "every video was encoded",
                    () -> done.get() == VIDEOS && queue.stats().pending() == 0);
        } finally {
            workers.forEach(Worker::close);
        }
        System.out.printf("   %d encodes, at most %d at once%n", done.get(), most.get());
        return new int[] {done.get(), most.get()};
    }

    private static List<Item> items(int count) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(new Item(i));
        }
        return items;
    }

    /** Second (since the first moment) to how many moments fell in it. */
    private static Map<Long, Integer> perSecond(List<Long> nanos) {
        long first = nanos.stream().mapToLong(Long::longValue).min().orElse(0);
        Map<Long, Integer> out = new TreeMap<>();
        for (long t : nanos) {
            out.merge((t - first) / 1_000_000_000L, 1, Integer::sum);
        }
        return out;
    }

    /** The most moments in any sliding second. */
    private static int busiest(List<Long> nanos) {
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

    private static Map<Integer, Integer> count(List<Integer> values) {
        Map<Integer, Integer> out = new ConcurrentHashMap<>();
        values.forEach(v -> out.merge(v, 1, Integer::sum));
        return out;
    }
}
