package io.redq.core.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.redisson.client.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completions (ack, retry, dead-letter) of tasks that finished while Redis was unreachable. They
 * are retried until Redis takes them, so a task that ran is not run again without need.
 */
final class PendingCompletions {

    private static final Logger log = LoggerFactory.getLogger(PendingCompletions.class);

    private final OutageLog outage;
    private final Map<String, TaskRunner.Completion> waiting = new ConcurrentHashMap<>();

    PendingCompletions(OutageLog outage) {
        this.outage = outage;
    }

    /** Runs a completion now; if Redis fails, keeps it for later. Returns true if it ran. */
    boolean tryRun(String raw, TaskRunner.Completion completion) {
        try {
            completion.run();
            outage.succeeded();
            return true;
        } catch (RedisException e) {
            outage.failed(e);
            waiting.put(raw, completion);
            return false;
        } catch (RuntimeException e) {
            // Not an outage: retrying cannot help. The task stays in the active list, where the
            // orphan check returns it to ready.
            log.error("Completing a task failed; the orphan check will return it to ready", e);
            return true;
        }
    }

    /** Retries every waiting completion once; calls {@code done} with the raw task of each that ran. */
    void retry(Consumer<String> done) {
        for (Map.Entry<String, TaskRunner.Completion> e : waiting.entrySet()) {
            try {
                e.getValue().run();
                outage.succeeded();
                waiting.remove(e.getKey());
                done.accept(e.getKey());
            } catch (RedisException ex) {
                outage.failed(ex);
                return;
            }
        }
    }

    /** Retries until all ran or the time is up (used by a graceful stop). */
    void drain(Duration timeout, Consumer<String> done) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!waiting.isEmpty() && System.nanoTime() < end) {
            retry(done);
            if (!waiting.isEmpty() && !Threads.sleep(200)) {
                return;
            }
        }
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    int size() {
        return waiting.size();
    }
}
