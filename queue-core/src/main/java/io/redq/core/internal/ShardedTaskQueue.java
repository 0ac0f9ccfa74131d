package io.redq.core.internal;

import io.redq.ConsumerInfo;
import io.redq.DeadLetterQueue;
import io.redq.Producer;
import io.redq.QueueOptions;
import io.redq.QueueStats;
import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A queue spread over {@code S} shards, each an ordinary {@link RedisTaskQueue} named
 * {@code <name>#i} with its own hash tag, so that on Redis Cluster the shards can sit on
 * different masters. Producer, workers, counts and dead letters see the shards as one queue.
 */
public final class ShardedTaskQueue implements TaskQueue {

    private final String name;
    private final QueueOptions options;
    private final List<RedisTaskQueue> shards;
    private final ShardedProducer producer;
    private final ShardedDeadLetterQueue deadLetters;

    public ShardedTaskQueue(String name, QueueOptions options, List<RedisTaskQueue> shards) {
        this.name = name;
        this.options = options;
        this.shards = List.copyOf(shards);
        this.producer = new ShardedProducer(this.shards.stream().map(RedisTaskQueue::producer).toList());
        this.deadLetters = new ShardedDeadLetterQueue(this.shards.stream().map(RedisTaskQueue::deadLetters).toList());
    }

    /** The name of shard {@code index} of queue {@code name}. */
    public static String shardName(String name, int index) {
        return name + "#" + index;
    }

    @Override
    public String name() {
        return name;
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
        return new ShardedWorker(name, shards.stream().map(RedisTaskQueue::context).toList(), options);
    }

    /** Pauses every shard, one after the other. */
    @Override
    public void pause() {
        shards.forEach(RedisTaskQueue::pause);
    }

    /** Resumes every shard, one after the other. */
    @Override
    public void resume() {
        shards.forEach(RedisTaskQueue::resume);
    }

    /** True if any shard is paused (say, a pause() that failed half-way). */
    @Override
    public boolean isPaused() {
        return shards.stream().anyMatch(RedisTaskQueue::isPaused);
    }

    @Override
    public DeadLetterQueue deadLetters() {
        return deadLetters;
    }

    /** The sums over the shards; consumers counts each worker once (it holds a lease on every shard). */
    @Override
    public QueueStats stats() {
        long ready = 0;
        long active = 0;
        long delayed = 0;
        long dead = 0;
        long completed = 0;
        for (RedisTaskQueue shard : shards) {
            QueueStats s = shard.stats();
            ready += s.ready();
            active += s.active();
            delayed += s.delayed();
            dead += s.dead();
            completed += s.completed();
        }
        return new QueueStats(ready, active, delayed, dead, consumers().size(), completed);
    }

    /**
     * One entry per consumer id over all shards: its tasks in flight summed, and its lease as on
     * the shard where it expires soonest.
     */
    @Override
    public List<ConsumerInfo> consumers() {
        Map<String, ConsumerInfo> byId = new LinkedHashMap<>();
        for (RedisTaskQueue shard : shards) {
            for (ConsumerInfo c : shard.consumers()) {
                byId.merge(c.id(), c, (a, b) -> {
                    ConsumerInfo soonest = a.leaseExpiresAt().isBefore(b.leaseExpiresAt()) ? a : b;
                    return new ConsumerInfo(a.id(), soonest.leaseExpiresAt(), soonest.leaseLeft(),
                            a.inFlight() + b.inFlight());
                });
            }
        }
        List<ConsumerInfo> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparing(ConsumerInfo::leaseExpiresAt));
        return all;
    }

    @Override
    public List<TaskQueue> shards() {
        return List.copyOf(shards);
    }
}
