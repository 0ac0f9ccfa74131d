package io.redq.core.internal;

import io.redq.Priorities;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.redisson.api.RFuture;
import org.redisson.client.RedisException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.api.RBlockingDeque;
import org.redisson.api.queue.DequeMoveArgs;
import org.redisson.client.codec.StringCodec;

/**
 * Moves tasks from the ready list(s) into one consumer's active list, each move atomic.
 *
 * <p>One level: {@code BLMOVE ready active RIGHT LEFT} when idle; under load (the last fetch found
 * work and several slots are free) one script call moves a batch. Several levels: one script call
 * draws the levels (strict or weighted) and moves a batch; an idle worker blocks on the queue's
 * wake-up list instead of polling, and every {@value #SAFETY_FETCH_EVERY}th empty wait looks at
 * the lists anyway, for producers that do not leave a wake-up token.
 */
final class Fetcher {

    static final int SAFETY_FETCH_EVERY = 5;
    /** How long past its block time a blocking fetch may take to answer before we give up on it. */
    static final long REPLY_GRACE_MS = 7_000;
    /** How often a worker looks for tasks while Redis is full and refuses the blocking fetch. */
    static final long OOM_IDLE_POLL_MS = 500;

    private final QueueContext ctx;
    private final Duration blockTimeout;
    private final String active;
    private final List<Object> fetchKeys;
    private final RBlockingDeque<String> ready;
    private final RBlockingDeque<String> wake;
    private final DequeMoveArgs move;
    private final Priorities priorities;
    private boolean lastFoundWork = true;
    private int emptyWaits;

    Fetcher(QueueContext ctx, String consumerId, Duration blockTimeout) {
        this.ctx = ctx;
        this.blockTimeout = blockTimeout;
        this.active = ctx.keys().active(consumerId);
        this.fetchKeys = new ArrayList<>();
        fetchKeys.add(active);
        fetchKeys.add(ctx.keys().wake());
        fetchKeys.addAll(ctx.keys().readyLists());
        this.ready = ctx.redisson().getBlockingDeque(ctx.keys().ready(0), RawCodec.INSTANCE);
        this.wake = ctx.redisson().getBlockingDeque(ctx.keys().wake(), StringCodec.INSTANCE);
        this.move = DequeMoveArgs.pollLast().addFirstTo(active);
        this.priorities = ctx.priorities();
    }

    /**
     * Fetches up to {@code max} tasks, waiting up to the block timeout when none is ready.
     *
     * @return the fetched raw envelopes, possibly empty
     * @throws org.redisson.client.RedisException when Redis cannot be reached
     */
    List<String> fetch(int max) {
        List<String> got = ctx.multiLevel() ? fetchLevels(max) : fetchSingle(max);
        lastFoundWork = !got.isEmpty();
        return got;
    }

    /**
     * True while the last fetch found work, so the next one is a batch: the caller takes every free
     * slot for it. Else the next fetch blocks for one task, and the caller gives it one slot, not
     * holding the others idle for the whole block time.
     */
    boolean expectsWork() {
        return lastFoundWork;
    }

    private List<String> fetchSingle(int max) {
        if (max > 1 && lastFoundWork) {
            // An empty batch ends the busy spell; the next fetch blocks (with one slot held)
            return batch(max);
        }
        String raw;
        try {
            raw = awaitBlocking(ready.moveAsync(blockTimeout, move), "BLMOVE");
        } catch (RedisException e) {
            if (!RedisErrors.isOutOfMemory(e)) {
                throw e;
            }
            return drainWhileFull(max);
        }
        return raw == null ? List.of() : List.of(raw);
    }

    /**
     * Redis over maxmemory (noeviction) refuses BLMOVE, but runs the fetch script, which moves
     * tasks without growing memory (allow-oom). So the worker goes on draining, polling at a calm
     * pace while nothing is ready.
     */
    private List<String> drainWhileFull(int max) {
        List<String> batch = batch(max);
        if (batch.isEmpty()) {
            Threads.sleep(Math.min(blockTimeout.toMillis(), OOM_IDLE_POLL_MS));
        }
        return batch;
    }

    private List<String> fetchLevels(int max) {
        if (lastFoundWork) {
            return batch(max); // as in fetchSingle: if empty, the next fetch blocks with one slot
        }
        String token = awaitBlocking(wake.pollLastAsync(blockTimeout.toMillis(), TimeUnit.MILLISECONDS), "BRPOP");
        if (token == null && ++emptyWaits % SAFETY_FETCH_EVERY != 0) {
            return List.of();
        }
        return batch(max);
    }

    /**
     * Waits for a blocking command with a bound of our own: the client's future of a blocking
     * command can stay incomplete after a connection is broken (seen when Redis was frozen), and a
     * fetch thread must never hang. A reply that arrives after we gave up lands a task in the
     * active list that the orphan check returns to ready.
     */
    private String awaitBlocking(RFuture<String> reply, String command) {
        long limitMs = blockTimeout.toMillis() + REPLY_GRACE_MS;
        try {
            return reply.toCompletableFuture().get(limitMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            reply.cancel(false);
            throw new RedisTimeoutException(command + " on queue '" + ctx.queue() + "' got no reply within "
                    + limitMs + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RedisException re) {
                throw re;
            }
            throw new RedisException(command + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private List<String> batch(int max) {
        List<Object> args = new ArrayList<>(3 + priorities.levels());
        args.add(String.valueOf(max));
        args.add(ctx.wakeFlag());
        args.add(String.valueOf(ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE)));
        if (priorities.isWeighted()) {
            for (int level = 0; level < priorities.levels(); level++) {
                args.add(String.valueOf(priorities.weight(level)));
            }
        }
        return ctx.scripts().run(Scripts.Script.FETCH_TASKS, fetchKeys, args.toArray());
    }
}
