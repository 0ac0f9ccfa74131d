package io.redq.core.internal;

import io.redq.Worker;
import io.redq.WorkerEvents;
import io.redq.WorkerOptions;
import io.redq.WorkerState;
import io.redq.TaskHandler;
import io.redq.spi.FailurePolicy;
import io.redq.spi.FetchLimiter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker: one fetch thread takes tasks into this consumer's active list whenever handler slots
 * are free (see {@link Fetcher}: BLMOVE when idle, a batch script under load or with priority
 * levels) and hands them to the handler executor; acknowledgements are written in batches by the
 * {@link AckBatcher}; a maintenance thread renews the lease, recovers dead consumers, returns
 * orphans, promotes due tasks and retries completions that failed while Redis was down.
 * Stopping is graceful: see {@link #stop(Duration)}.
 */
public final class RedisWorker implements Worker, TaskRunner.Host {

    private static final Logger log = LoggerFactory.getLogger(RedisWorker.class);
    /** Most tasks one fetch takes; never more than the free handler slots. */
    static final int FETCH_BATCH = 64;

    private final QueueContext ctx;
    private final WorkerOptions options;
    private final String consumerId;
    private final Map<String, Registration<?>> handlers = new ConcurrentHashMap<>();
    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
    private final HandlerSlots slots;
    private final AtomicReference<WorkerState> state = new AtomicReference<>(WorkerState.NEW);
    /** Counted down once the worker is STOPPED, so concurrent stop() calls all return after the stop. */
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ActiveMoves moves;
    private final ConsumerLease lease;
    private final OutageLog outage;
    private final PendingCompletions pending;
    private final EventBus events;
    private final PauseState pause = new PauseState();
    private volatile boolean fetching;
    private volatile boolean abandoning;
    private ExecutorService executor;
    private boolean ownsExecutor;
    private ScheduledExecutorService maintenance;
    private Housekeeping housekeeping;
    private AckBatcher acks;
    private Thread fetchThread;
    private Thread shutdownHook;

    public RedisWorker(QueueContext ctx, WorkerOptions options) {
        this(ctx, options, ConsumerIds.next(), null, new EventBus(ctx.queue()));
    }

    /**
     * The worker of one shard of a sharded queue ({@link ShardedWorker}): the consumer id is the
     * same on every shard, and every task also takes a slot from the {@code sharedSlots} of all
     * shards, so that the worker runs at most {@link WorkerOptions#concurrency()} tasks in all;
     * the shards publish to one event bus named after the sharded queue.
     */
    RedisWorker(QueueContext ctx, WorkerOptions options, String consumerId, Semaphore sharedSlots, EventBus events) {
        this.ctx = ctx;
        this.options = Objects.requireNonNull(options, "options must not be null");
        this.consumerId = consumerId;
        this.slots = new HandlerSlots(options.concurrency(), sharedSlots);
        this.moves = new ActiveMoves(ctx);
        this.lease = new ConsumerLease(ctx, consumerId, options.lease(), pause);
        this.outage = new OutageLog(log, "Worker " + consumerId + " of queue '" + ctx.queue() + "'");
        this.pending = new PendingCompletions(outage);
        this.events = events;
    }

    @Override
    public <T> Worker handle(String type, Class<T> payloadType, TaskHandler<T> handler) {
        RedisProducer.validateType(type);
        Objects.requireNonNull(payloadType, "payloadType must not be null");
        Objects.requireNonNull(handler, "handler must not be null");
        if (state.get() != WorkerState.NEW) {
            throw new IllegalStateException("handlers must be registered before the worker starts");
        }
        if (handlers.putIfAbsent(type, new Registration<>(type, payloadType, handler)) != null) {
            throw new IllegalArgumentException("a handler for task type '" + type + "' is already registered");
        }
        return this;
    }

    @Override
    public Worker start() {
        if (handlers.isEmpty()) {
            throw new IllegalStateException("register at least one handler before starting the worker of queue '"
                    + ctx.queue() + "'");
        }
        if (!state.compareAndSet(WorkerState.NEW, WorkerState.RUNNING)) {
            throw new IllegalStateException("worker " + consumerId + " was already started");
        }
        ownsExecutor = options.executor() == null;
        executor = ownsExecutor ? handlerPool(options.concurrency(), ctx.queue()) : options.executor();
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(2,
                Threads.factory("redq-maint-" + ctx.queue(), true));
        // Every task arms a timeout alarm and cancels it when done: without this a cancelled alarm stays
        // queued until its time (5 minutes by default), millions of them at a high rate.
        timers.setRemoveOnCancelPolicy(true);
        maintenance = timers;
        FailurePolicy policy = options.failurePolicy() != null ? options.failurePolicy() : FailurePolicy.deadLetter();
        TaskRunner runner = new TaskRunner(ctx, moves, consumerId, handlers, policy, options.taskTimeout(),
                maintenance, this, events);
        Recovery recovery = new Recovery(ctx, moves, consumerId, options.deliveryLimit(),
                options.lease().toMillis(), events);
        housekeeping = new Housekeeping(ctx, moves, lease, recovery, outage, pending, inFlight.keySet(),
                maintenance, options.heartbeatInterval(), pause);
        try {
            lease.renew();
            ctx.redisson().getSet(QueueKeys.registry(ctx.keys().prefix()), StringCodec.INSTANCE).add(ctx.queue());
        } catch (RedisException e) {
            if (RedisErrors.isOutOfMemory(e)) {
                // Redis is full and refuses the SADD of the registry; producers register the name later
                log.debug("Worker {}: queue '{}' not registered yet: {}", consumerId, ctx.queue(), e.toString());
            } else {
                outage.failed(e); // the fetch loop renews before its first fetch
            }
        }
        MemoryPolicyCheck.warnIfEvicting(ctx);
        housekeeping.start();
        acks = new AckBatcher(ctx, consumerId, outage, ack -> {
            inFlight.remove(ack.raw());
            events.succeeded(ack.envelope(), ack.elapsed());
        }, ack -> inFlight.remove(ack.raw()));
        acks.start();
        fetching = true;
        fetchThread = new Thread(() -> fetchLoop(runner), "redq-fetch-" + ctx.queue());
        fetchThread.start();
        shutdownHook = Threads.shutdownHook(this::close, "redq-stop-" + ctx.queue());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        log.info("Worker {} started on queue '{}' (concurrency {}, lease {})", consumerId, ctx.queue(),
                options.concurrency(), options.lease());
        return this;
    }

    /**
     * The handler threads a worker owns: a fork-join pool of {@code concurrency} threads, so that a
     * burst of short tasks runs on the threads already awake (they take task after task from the
     * pool's queues and spin briefly before parking) instead of waking one parked thread per task,
     * as a fixed thread pool does: at tens of thousands of tasks a second those wake-ups cost more
     * CPU than the tasks. A handler that blocks (I/O, sleep) still has its own thread: the slots
     * never let more than {@code concurrency} tasks in.
     */
    static ExecutorService handlerPool(int concurrency, String queue) {
        AtomicInteger seq = new AtomicInteger();
        // as a thread pool's threads would, handlers see the class loader of the code that started the worker
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return new ForkJoinPool(concurrency, pool -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            t.setName("redq-handler-" + queue + "-" + seq.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(loader);
            return t;
        }, null, true);
    }

    private void fetchLoop(TaskRunner runner) {
        Fetcher fetcher = new Fetcher(ctx, consumerId, options.fetchTimeout());
        while (fetching) {
            if (pause.isPaused()) {
                try {
                    pause.awaitResumed(1_000); // paused by an operator: take nothing, send nothing
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    fetching = false;
                }
                continue;
            }
            // An idle worker blocks holding one slot: the others stay free for the sibling shards
            int free = takeFreeSlots(fetcher.expectsWork() ? FETCH_BATCH : 1);
            if (free == 0) {
                continue;
            }
            int dispatched = 0;
            try {
                if (!lease.isFresh()) {
                    lease.renew();
                }
                int allowed = permits(free);
                if (allowed > 0) {
                    List<String> tasks = fetcher.fetch(allowed);
                    outage.succeeded();
                    for (String raw : tasks) {
                        if (dispatch(runner, raw)) {
                            dispatched++;
                        }
                    }
                    giveBack(allowed - tasks.size());
                }
            } catch (RedisException e) {
                housekeeping.checkOrphansSoon(); // a fetch that timed out may have moved tasks after all
                Threads.sleep(outage.failed(e));
            } catch (RuntimeException e) {
                // e.g. a fetch limiter's bug: the fetch thread must live on, or the worker would hold a
                // lease and take nothing
                log.error("Worker {} of queue '{}': fetching failed; retrying in 1 s", consumerId, ctx.queue(), e);
                housekeeping.checkOrphansSoon();
                Threads.sleep(1_000);
            } finally {
                slots.release(free - dispatched);
            }
        }
    }

    /** Asks the fetch limiter (if any) for up to {@code wanted} permits; sleeps as long as it says when none. */
    private int permits(int wanted) {
        FetchLimiter limiter = options.fetchLimiter();
        if (limiter == null) {
            return wanted;
        }
        FetchLimiter.Grant grant = limiter.acquire(wanted);
        if (grant.permits() == 0) {
            Threads.sleep(Math.max(1, Math.min(grant.retryAfter().toMillis(), 1_000)));
            return 0;
        }
        return Math.min(wanted, grant.permits());
    }

    private void giveBack(int unused) {
        if (unused > 0 && options.fetchLimiter() != null) {
            options.fetchLimiter().release(unused);
        }
    }

    /** Waits briefly for one free handler slot, then takes every other free one up to {@code max}. */
    private int takeFreeSlots(int max) {
        try {
            return slots.take(max, 200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fetching = false;
            return 0;
        }
    }

    private boolean dispatch(TaskRunner runner, String raw) {
        InFlight task = new InFlight();
        inFlight.put(raw, task);
        try {
            task.future = executor.submit(() -> {
                task.running(Thread.currentThread());
                try {
                    runner.run(raw);
                } finally {
                    task.running(null);
                    slots.release(1);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            log.error("Worker {} of queue '{}': the handler executor refused a task; putting it back", consumerId,
                    ctx.queue());
            complete(raw, () -> moves.returnOwn(consumerId, raw));
            return false;
        }
    }

    @Override
    public void complete(String raw, TaskRunner.Completion completion) {
        if (pending.tryRun(raw, completion)) {
            inFlight.remove(raw);
        }
    }

    @Override
    public void acknowledge(AckBatcher.Ack ack) {
        acks.submit(ack);
    }

    @Override
    public boolean abandoning() {
        return abandoning;
    }

    @Override
    public void retryScheduled(long delayMs) {
        Housekeeping h = housekeeping;
        if (h != null) {
            h.promoteWithin(delayMs);
        }
    }

    @Override
    public void stop(Duration deadline) {
        Objects.requireNonNull(deadline, "deadline must not be null");
        if (state.compareAndSet(WorkerState.NEW, WorkerState.STOPPED)) {
            stopped.countDown();
            return;
        }
        if (!state.compareAndSet(WorkerState.RUNNING, WorkerState.STOPPING)) {
            // Stopping already (say, the JVM's shutdown hook and the application at once): wait for that
            // stop to finish, so a caller that closes its Redis client next does not cut it short.
            awaitStopped(deadline.plusSeconds(30));
            return;
        }
        try {
            stopRunning(deadline);
        } finally {
            stopped.countDown();
        }
    }

    private void awaitStopped(Duration patience) {
        try {
            if (!stopped.await(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Worker {} of queue '{}': still stopping after {}", consumerId, ctx.queue(), patience);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopRunning(Duration deadline) {
        long start = System.nanoTime();
        fetching = false;
        pause.wakeWaiters();
        Threads.join(fetchThread, options.fetchTimeout().plusSeconds(5));
        long leftMs = Math.max(0, deadline.toMillis() - (System.nanoTime() - start) / 1_000_000);
        if (!slots.awaitIdle(leftMs)) {
            log.warn("Worker {} of queue '{}': {} task(s) still running after the shutdown deadline of {};"
                    + " interrupting them and putting them back", consumerId, ctx.queue(), inFlight.size(), deadline);
            abandoning = true;
            inFlight.values().forEach(InFlight::cancel);
            slots.awaitIdle(5_000);
        }
        housekeeping.stop();
        Threads.shutdown(maintenance, Duration.ofSeconds(5)); // no lease renewal may land after the release
        acks.stop(Duration.ofSeconds(5)); // acks before leftovers: a finished task must not go back
        pending.drain(Duration.ofSeconds(5), inFlight::remove);
        new Shutdown(ctx, lease, consumerId, moves).returnLeftovers();
        if (ownsExecutor) {
            executor.shutdownNow();
        }
        removeShutdownHook();
        state.set(WorkerState.STOPPED);
        log.info("Worker {} of queue '{}' stopped", consumerId, ctx.queue());
    }

    private void removeShutdownHook() {
        try {
            if (Thread.currentThread() != shutdownHook) {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            }
        } catch (IllegalStateException jvmShuttingDown) {
            // nothing to remove: the JVM is already running the hooks
        }
    }

    @Override
    public void close() {
        stop(options.shutdownDeadline());
    }

    /** Timers waiting on the maintenance executor (task timeouts, housekeeping); for tests. */
    int queuedTimers() {
        return maintenance instanceof ScheduledThreadPoolExecutor timers ? timers.getQueue().size() : 0;
    }

    @Override
    public WorkerEvents events() {
        return events;
    }

    @Override
    public WorkerState state() {
        return state.get();
    }

    @Override
    public String consumerId() {
        return consumerId;
    }

    /** A task between fetch and completion. */
    private static final class InFlight {
        volatile Future<?> future;
        /** The thread running the task; interrupted by {@link #cancel()} (a fork-join task's cancel does not). */
        private Thread thread;

        synchronized void running(Thread t) {
            thread = t;
            if (t == null) {
                Thread.interrupted(); // a cancel that came as the task ended must not reach the thread's next task
            }
        }

        void cancel() {
            Future<?> f = future;
            if (f != null) {
                f.cancel(true);
            }
            synchronized (this) {
                if (thread != null) {
                    thread.interrupt();
                }
            }
        }
    }
}
