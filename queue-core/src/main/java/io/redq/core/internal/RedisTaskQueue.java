package io.redq.core.internal;

import io.redq.ConsumerInfo;
import io.redq.DeadLetterQueue;
import io.redq.Producer;
import io.redq.QueueOptions;
import io.redq.QueueStats;
import io.redq.QueueUnavailableException;
import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import java.util.ArrayList;
import java.util.List;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;

/** One named queue on Redis: hands out its producer, workers, dead-letter queue and counts. */
public final class RedisTaskQueue implements TaskQueue {

    private final QueueContext ctx;
    private final QueueOptions options;
    private final RedisProducer producer;
    private final RedisDeadLetterQueue deadLetters;

    public RedisTaskQueue(QueueContext ctx, QueueOptions options) {
        this.ctx = ctx;
        this.options = options;
        this.producer = new RedisProducer(ctx);
        this.deadLetters = new RedisDeadLetterQueue(ctx);
    }

    /** The queue's context, for the worker of a sharded queue. */
    QueueContext context() {
        return ctx;
    }

    @Override
    public String name() {
        return ctx.queue();
    }

    @Override
    public QueueOptions options() {
        return options;
    }

    @Override
    public Producer producer() {
        return producer;
    }

    @Override
    public Worker worker(WorkerOptions options) {
        return new RedisWorker(ctx, options);
    }

    @Override
    public void pause() {
        setPaused(true);
    }

    @Override
    public void resume() {
        setPaused(false);
    }

    private void setPaused(boolean paused) {
        try {
            ctx.scripts().run(Scripts.Script.SET_PAUSED, List.of(ctx.keys().paused()), paused ? "1" : "0",
                    ctx.keys().controlChannel());
            ctx.redisson().getSet(QueueKeys.registry(ctx.keys().prefix()), StringCodec.INSTANCE).add(ctx.queue());
        } catch (RedisException e) {
            throw new QueueUnavailableException("could not " + (paused ? "pause" : "resume") + " queue '"
                    + ctx.queue() + "': " + e.getMessage(), e);
        }
    }

    @Override
    public boolean isPaused() {
        try {
            return ctx.redisson().getKeys().countExists(ctx.keys().paused()) > 0;
        } catch (RedisException e) {
            throw new QueueUnavailableException("could not read whether queue '" + ctx.queue() + "' is paused: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public DeadLetterQueue deadLetters() {
        return deadLetters;
    }

    private static long sum(List<?> counts, int from, int to) {
        long total = 0;
        for (int i = from; i < to; i++) {
            total += ((Number) counts.get(i)).longValue();
        }
        return total;
    }

    @Override
    public List<ConsumerInfo> consumers() {
        return ConsumerList.read(ctx);
    }

    @Override
    public QueueStats stats() {
        QueueKeys k = ctx.keys();
        try {
            List<String> consumers = new ArrayList<>(ctx.redisson().<String>getScoredSortedSet(k.consumers(),
                    StringCodec.INSTANCE).readAll());
            RBatch batch = ctx.redisson().createBatch();
            batch.getScoredSortedSet(k.delayed(), StringCodec.INSTANCE).sizeAsync();
            batch.getScoredSortedSet(k.dead(), StringCodec.INSTANCE).sizeAsync();
            batch.getAtomicLong(k.completed()).getAsync(); // 0 while the key does not exist
            for (Object list : k.readyLists()) {
                batch.getList((String) list, StringCodec.INSTANCE).sizeAsync();
            }
            for (String c : consumers) {
                batch.getList(k.active(c), StringCodec.INSTANCE).sizeAsync();
            }
            BatchResult<?> r = batch.execute();
            List<?> counts = r.getResponses();
            long ready = sum(counts, 3, 3 + k.levels());
            long active = sum(counts, 3 + k.levels(), counts.size());
            return new QueueStats(ready, active, ((Number) counts.get(0)).longValue(),
                    ((Number) counts.get(1)).longValue(), consumers.size(), ((Number) counts.get(2)).longValue());
        } catch (RedisException e) {
            throw new QueueUnavailableException("could not read the counts of queue '" + ctx.queue() + "': "
                    + e.getMessage(), e);
        }
    }
}
