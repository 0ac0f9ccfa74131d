package io.redq.core.it;

import io.redq.QueueStats;
import io.redq.TaskQueue;
import io.redq.core.RedQ;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Shared bits of the integration tests: a fresh queue name per test and payload lists. */
public final class ItSupport {

    private static final AtomicInteger SEQ = new AtomicInteger();

    private ItSupport() {
    }

    /** A queue name no other test (or earlier run) uses. */
    public static String queueName(String test) {
        return "it-" + test + "-" + SEQ.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static List<Job> jobs(int count, long sleepMs) {
        List<Job> jobs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            jobs.add(new Job(i, sleepMs));
        }
        return jobs;
    }

    /** Enqueues in chunks of 1,000 (one LPUSH each). */
    public static List<String> enqueueJobs(TaskQueue queue, int count, long sleepMs) {
        List<String> ids = new ArrayList<>(count);
        List<Job> all = jobs(count, sleepMs);
        for (int i = 0; i < count; i += 1000) {
            ids.addAll(queue.producer().enqueueAll("job", all.subList(i, Math.min(count, i + 1000))));
        }
        return ids;
    }

    public static boolean allZero(QueueStats s) {
        return s.ready() == 0 && s.active() == 0 && s.delayed() == 0 && s.dead() == 0;
    }

    public static long llen(RedQ redq, String key) {
        return redq.redisson().getList(key, org.redisson.client.codec.StringCodec.INSTANCE).size();
    }
}
