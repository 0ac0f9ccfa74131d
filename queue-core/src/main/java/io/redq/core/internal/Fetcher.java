package io.redq.core.internal;

import io.redq.Priorities;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
        this.ready = ctx.redisson().getBlockingDeque(ctx.keys().ready(0), StringCodec.INSTANCE);
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

    private List<String> fetchSingle(int max) {
        if (max > 1 && lastFoundWork) {
            List<String> batch = batch(max);
            if (!batch.isEmpty()) {
                return batch;
            }
        }
        String raw = ready.move(blockTimeout, move);
        return raw == null ? List.of() : List.of(raw);
    }

    private List<String> fetchLevels(int max) {
        if (lastFoundWork) {
            List<String> batch = batch(max);
            if (!batch.isEmpty()) {
                return batch;
            }
        }
        String token;
        try {
            token = wake.pollLast(blockTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        if (token == null && ++emptyWaits % SAFETY_FETCH_EVERY != 0) {
            return List.of();
        }
        return batch(max);
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
