package io.redq.core.internal;

import io.redq.DeadLetterQueue;
import io.redq.Producer;
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
    private final RedisProducer producer;
    private final RedisDeadLetterQueue deadLetters;

    public RedisTaskQueue(QueueContext ctx) {
        this.ctx = ctx;
        this.producer = new RedisProducer(ctx);
        this.deadLetters = new RedisDeadLetterQueue(ctx);
    }

    @Override
    public String name() {
        return ctx.queue();
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
    public DeadLetterQueue deadLetters() {
        return deadLetters;
    }

    @Override
    public QueueStats stats() {
        QueueKeys k = ctx.keys();
        try {
            List<String> consumers = new ArrayList<>(ctx.redisson().<String>getScoredSortedSet(k.consumers(),
                    StringCodec.INSTANCE).readAll());
            RBatch batch = ctx.redisson().createBatch();
            batch.getList(k.ready(), StringCodec.INSTANCE).sizeAsync();
            batch.getScoredSortedSet(k.delayed(), StringCodec.INSTANCE).sizeAsync();
            batch.getScoredSortedSet(k.dead(), StringCodec.INSTANCE).sizeAsync();
            for (String c : consumers) {
                batch.getList(k.active(c), StringCodec.INSTANCE).sizeAsync();
            }
            BatchResult<?> r = batch.execute();
            List<?> counts = r.getResponses();
            long active = 0;
            for (int i = 3; i < counts.size(); i++) {
                active += ((Number) counts.get(i)).longValue();
            }
            return new QueueStats(((Number) counts.get(0)).longValue(), active,
                    ((Number) counts.get(1)).longValue(), ((Number) counts.get(2)).longValue(), consumers.size());
        } catch (RedisException e) {
            throw new QueueUnavailableException("could not read the counts of queue '" + ctx.queue() + "': "
                    + e.getMessage(), e);
        }
    }
}
