package io.redq.core.internal;

import io.redq.Envelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.redisson.client.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acknowledges finished tasks in batches: handler threads hand their acks over and go on; one
 * thread writes whatever has gathered in one script call (no added wait: under load the acks of
 * one round trip gather during the previous one). A task leaves the worker's in-flight set only
 * when its ack is written, so a graceful stop flushes acks before it returns leftovers, and while
 * Redis is down acks are kept and retried rather than lost.
 */
final class AckBatcher {

    private static final Logger log = LoggerFactory.getLogger(AckBatcher.class);
    static final int MAX_BATCH = 256;

    /** One finished task. */
    record Ack(String raw, Envelope envelope, Duration elapsed) {
    }

    private final QueueContext ctx;
    private final String consumerId;
    private final OutageLog outage;
    private final Consumer<Ack> acked;
    private final Consumer<Ack> dropped;
    private final LinkedBlockingQueue<Ack> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int held;

    /**
     * @param acked   called (on the ack thread) for every task whose ack removed it from the active list
     * @param dropped called for every task whose ack removed nothing (it had been recovered, or an
     *                earlier try went through), or failed for a reason other than Redis being down (a
     *                bug: retrying cannot help; the task stays in the active list for the orphan check)
     */
    AckBatcher(QueueContext ctx, String consumerId, OutageLog outage, Consumer<Ack> acked, Consumer<Ack> dropped) {
        this.ctx = ctx;
        this.consumerId = consumerId;
        this.outage = outage;
        this.acked = acked;
        this.dropped = dropped;
        this.thread = new Thread(this::loop, "redq-ack-" + ctx.queue());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void submit(Ack ack) {
        queue.add(ack);
    }

    /** Writes what is queued, waiting up to {@code timeout} for Redis, then stops the thread. */
    void stop(Duration timeout) {
        running = false;
        Threads.join(thread, timeout);
        int unwritten = queue.size() + held;
        if (unwritten > 0) {
            log.warn("Worker {} of queue '{}': {} acknowledgement(s) could not be written before the stop;"
                    + " those tasks may run again", consumerId, ctx.queue(), unwritten);
        }
    }

    private void loop() {
        List<Ack> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    Ack first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                }
                queue.drainTo(batch, MAX_BATCH - batch.size());
                held = batch.size();
                write(batch);
                outage.succeeded();
                batch.clear();
                held = 0;
            } catch (RedisException e) {
                if (!Threads.sleep(outage.failed(e))) {
                    return;
                }
            } catch (RuntimeException e) {
                log.error("Worker {} of queue '{}': writing {} acknowledgement(s) failed; the orphan check will"
                        + " return those tasks to ready", consumerId, ctx.queue(), batch.size(), e);
                batch.forEach(dropped);
                batch.clear();
                held = 0;
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void write(List<Ack> batch) {
        List<Object> keys = new ArrayList<>();
        keys.add(ctx.keys().active(consumerId));
        keys.add(ctx.keys().completed());
        Map<String, Integer> uniqueIndex = new LinkedHashMap<>();
        List<Object> args = new ArrayList<>(batch.size() * 3);
        for (Ack a : batch) {
            String uniqueKey = a.envelope().uniqueKey();
            int index = 0;
            if (uniqueKey != null) {
                index = uniqueIndex.computeIfAbsent(ctx.keys().unique(uniqueKey), k -> {
                    keys.add(k);
                    return keys.size();
                });
            }
            args.add(a.raw());
            args.add(String.valueOf(index));
            args.add(RawCodec.raw(a.envelope().id()));
        }
        List<Long> removed = ctx.scripts().run(Scripts.Script.ACK_TASKS, keys, args.toArray());
        for (int i = 0; i < batch.size(); i++) {
            Ack a = batch.get(i);
            if (removed.get(i) == 0) {
                log.info("Queue '{}': task {} finished, but it was no longer in consumer {}'s active list: it was"
                        + " recovered after the lease expired (it may run again), or an earlier try of this"
                        + " acknowledgement went through", ctx.queue(), a.envelope().id(), consumerId);
                dropped.accept(a);
            } else {
                acked.accept(a);
            }
        }
    }
}
