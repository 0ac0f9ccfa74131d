package io.redq.core.internal;

import io.redq.TaskHandler;
import io.redq.Worker;
import io.redq.WorkerEvents;
import io.redq.WorkerOptions;
import io.redq.WorkerState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;

/**
 * The worker of a sharded queue: one {@link RedisWorker} per shard under one consumer id, each
 * with its own fetch thread, lease and recovery, so every guarantee holds per shard. They share the
 * handler threads and one fair budget of {@link WorkerOptions#concurrency()} slots: a shard's fetch
 * thread waits its turn for a slot, so a busy shard cannot starve the others, and an idle shard
 * blocks holding one slot only. Events of every shard reach the listeners of {@link #events()}.
 */
final class ShardedWorker implements Worker {

    private final String queue;
    private final String consumerId = ConsumerIds.next();
    private final List<RedisWorker> shards = new ArrayList<>();
    private final EventBus events;
    private final Duration shutdownDeadline;
    private final ExecutorService ownExecutor;

    ShardedWorker(String queue, List<QueueContext> shardContexts, WorkerOptions options) {
        Objects.requireNonNull(options, "options must not be null");
        if (options.concurrency() < shardContexts.size()) {
            throw new IllegalArgumentException("concurrency must be at least the number of shards of queue '" + queue
                    + "' (" + shardContexts.size() + ": an idle shard waits for work holding one slot), was "
                    + options.concurrency());
        }
        this.queue = queue;
        this.events = new EventBus(queue);
        this.shutdownDeadline = options.shutdownDeadline();
        // Threads of the pool start on first use; the pool is shut down when the last shard stopped
        this.ownExecutor = options.executor() == null ? RedisWorker.handlerPool(options.concurrency(), queue) : null;
        WorkerOptions shared = ownExecutor == null ? options : options.mutate().executor(ownExecutor).build();
        Semaphore budget = new Semaphore(options.concurrency(), true);
        for (QueueContext ctx : shardContexts) {
            shards.add(new RedisWorker(ctx, shared, consumerId, budget, events));
        }
    }

    @Override
    public <T> Worker handle(String type, Class<T> payloadType, TaskHandler<T> handler) {
        for (RedisWorker shard : shards) {
            shard.handle(type, payloadType, handler);
        }
        return this;
    }

    @Override
    public Worker start() {
        List<RedisWorker> started = new ArrayList<>();
        try {
            for (RedisWorker shard : shards) {
                shard.start();
                started.add(shard);
            }
        } catch (RuntimeException e) {
            started.forEach(RedisWorker::close);
            throw e;
        }
        return this;
    }

    /** Stops every shard at once (each waits for its own tasks, all within the one deadline). */
    @Override
    public void stop(Duration deadline) {
        Objects.requireNonNull(deadline, "deadline must not be null");
        List<Thread> stopping = new ArrayList<>();
        for (RedisWorker shard : shards) {
            Thread t = new Thread(() -> shard.stop(deadline), "redq-stop-" + queue);
            t.start();
            stopping.add(t);
        }
        for (Thread t : stopping) {
            Threads.join(t, deadline.plusSeconds(30));
        }
        if (ownExecutor != null && shards.stream().allMatch(s -> s.state() == WorkerState.STOPPED)) {
            ownExecutor.shutdownNow();
        }
    }

    @Override
    public void close() {
        stop(shutdownDeadline);
    }

    @Override
    public WorkerEvents events() {
        return events;
    }

    /** NEW or STOPPED when every shard is; else RUNNING while any shard runs, else STOPPING. */
    @Override
    public WorkerState state() {
        List<WorkerState> states = shards.stream().map(RedisWorker::state).toList();
        for (WorkerState all : List.of(WorkerState.NEW, WorkerState.STOPPED)) {
            if (states.stream().allMatch(s -> s == all)) {
                return all;
            }
        }
        return states.contains(WorkerState.RUNNING) ? WorkerState.RUNNING : WorkerState.STOPPING;
    }

    @Override
    public String consumerId() {
        return consumerId;
    }
}
