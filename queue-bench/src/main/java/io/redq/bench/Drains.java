package io.redq.bench;

import io.redq.QueueOptions;
import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drains a pre-loaded queue with one worker in this JVM and times it: from the resume of the
 * queue, on which the worker was started paused, until the handler ran n times and the queue's
 * counts show nothing ready or active (all acknowledged).
 * Shared by the drain, scale, priorities and cost scenarios.
 */
final class Drains {

    /** Tasks of one warm-up round (n at most). */
    static final int WARMUP_ROUND_TASKS = 50_000;

    private static final AtomicBoolean warmedUp = new AtomicBoolean();

    /** One timed drain; CPU is percent of one core over the drain (-1 if not readable). */
    record Run(int tasks, double seconds, long handled, double redisCpu, double jvmCpu, double machineCpu,
               double jitCpu) {
        double tasksPerSec() {
            return tasks / seconds;
        }
    }

    private Drains() {
    }

    /**
     * CPU of everything else on the machine during the drain: machine busy time minus Redis minus
     * the worker JVM(s) (in the multi-JVM drain it includes the benchmark JVM polling the counts).
     * A high value means the figure was taken on a busy machine.
     */
    static double otherCpu(Run run) {
        if (run.machineCpu() < 0 || run.redisCpu() < 0 || run.jvmCpu() < 0) {
            return -1;
        }
        return Math.round(Math.max(0, run.machineCpu() - run.redisCpu() - run.jvmCpu()) * 10) / 10.0;
    }

    /**
     * Worker options of every measured drain: the defaults but for the concurrency, and a 1 s fetch
     * timeout (the shortest) so that a stop, which waits for the blocked fetch, is quick. A busy
     * worker never waits for that timeout, so it does not change a figure.
     */
    static WorkerOptions options(int concurrency) {
        return WorkerOptions.builder().concurrency(concurrency).fetchTimeout(Duration.ofSeconds(1)).build();
    }

    /** Drains n tasks already on {@code q} with one worker of this concurrency. */
    static Run run(BenchEnv env, TaskQueue q, int n, int concurrency) throws Exception {
        return run(env.redisPids(), q, n, concurrency);
    }

    /** Drains n tasks already on {@code q}; the CPU of {@code redisPids} is reported as Redis's. */
    static Run run(List<Long> redisPids, TaskQueue q, int n, int concurrency) throws Exception {
        AtomicLong handled = new AtomicLong();
        CountDownLatch all = new CountDownLatch(1);
        Worker worker = q.worker(options(concurrency))
                .handle(Noop.TYPE, Noop.class, (p, ctx) -> {
                    if (handled.incrementAndGet() == n) {
                        all.countDown();
                    }
                });
        // The worker starts on the paused queue (it reads the flag before its first fetch) and the
        // clock starts with resume(): a figure of draining, not of starting a worker
        q.pause();
        worker.start();
        try {
            CpuSampler redisCpu = CpuSampler.start(redisPids);
            CpuSampler jvmCpu = CpuSampler.start(List.of(CpuSampler.selfPid()));
            CpuSampler machineCpu = CpuSampler.machine();
            long deadline = BenchEnv.deadlineFor(n);
            List<Long> self = List.of(CpuSampler.selfPid());
            Map<String, Long> threadsBefore = CpuSampler.threadTicks(self);
            long t0 = System.nanoTime();
            q.resume();
            if (!all.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                throw new TimeoutException("drain of queue '" + q.name() + "' ran only " + handled.get() + " of "
                        + n + " tasks before the deadline");
            }
            BenchEnv.awaitEmpty(q, deadline);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Double> threads = CpuSampler.threadPercent(threadsBefore, CpuSampler.threadTicks(self), seconds);
            BenchEnv.log("drain: CPU of this JVM's threads, % of one core: " + threads);
            return new Run(n, seconds, handled.get(), redisCpu.percent(), jvmCpu.percent(), machineCpu.percent(),
                    JitWarmUp.compilerPercent(threads));
        } finally {
            worker.stop(Duration.ofSeconds(10));
        }
    }

    /** Pre-loads n tasks of the default payload on a fresh queue, drains them, deletes the keys. */
    static Run preloadAndRun(BenchEnv env, String base, int n, int concurrency) throws Exception {
        String name = env.newQueueName(base);
        TaskQueue q = env.queue(name, QueueOptions.defaults());
        try {
            env.preload(q, n, env.payload(), 1);
            return run(env, q, n, concurrency);
        } finally {
            env.deleteKeys(name);
        }
    }

    /**
     * Once per JVM: unreported drains of 50,000 tasks until the JIT settled ({@link JitWarmUp}, at
     * most {@code --warmup-seconds}), so that a measured drain runs the compiled code a long-running worker runs.
     */
    static void warmUp(BenchEnv env) throws Exception {
        if (warmedUp.compareAndSet(false, true)) {
            int n = (int) Math.min(env.options().n(), WARMUP_ROUND_TASKS);
            JitWarmUp.untilSettled("warm-up", env.options().warmupSeconds(), () -> {
                preloadAndRun(env, "warmup", n, 50);
                return n;
            });
        }
    }
}
