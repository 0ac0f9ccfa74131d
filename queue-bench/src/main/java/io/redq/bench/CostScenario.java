package io.redq.bench;

import io.redq.QueueOptions;
import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cost: Redis commands that clients send per task at drain, and per second from an idle worker,
 * counted with MONITOR ({@link CommandCounter}): only the worker's own connection (a fresh RedQ)
 * is counted, never commands run inside Lua scripts. Each client command is at most one round
 * trip (pipelined commands share one, so this is an upper bound). MONITOR slows Redis, so the
 * drain here uses a smaller n (20,000). Targets: ≤ 0.5 per task, ≤ 1 command/s idle.
 */
final class CostScenario implements Scenario {

    static final int CONCURRENCY = 50;

    @Override
    public void run(BenchEnv env) throws Exception {
        Drains.warmUp(env);
        env.report(drainCost(env, env.options().costN()));
        env.report(idleCost(env, env.options().idleSeconds()));
    }

    private Result drainCost(BenchEnv env, int n) throws Exception {
        BenchEnv.log("cost: client commands per task while draining " + n + " tasks (MONITOR on)");
        String name = env.newQueueName("cost-drain");
        TaskQueue mine = env.queue(name, QueueOptions.defaults());
        env.preload(mine, n, env.payload(), 1);
        AtomicLong handled = new AtomicLong();
        CountDownLatch all = new CountDownLatch(1);
        try (CommandCounter counter = CommandCounter.start(env.target(), env.control());
             RedQ workerRedq = RedQ.connect(env.target().url())) {
            Worker worker = workerRedq.queue(name).worker(Drains.options(CONCURRENCY))
                    .handle(Noop.TYPE, Noop.class, (p, ctx) -> {
                        if (handled.incrementAndGet() == n) {
                            all.countDown();
                        }
                    });
            long deadline = BenchEnv.deadlineFor(n);
            worker.start();
            try {
                if (!all.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                    throw new TimeoutException("cost drain ran " + handled.get() + " of " + n + " tasks in time");
                }
                BenchEnv.awaitEmpty(mine, deadline); // through the main client: not counted
                Thread.sleep(200); // MONITOR lines arrive asynchronously
                Map<String, Long> byCommand = counter.snapshot();
                long total = CommandCounter.total(byCommand);
                return Result.of("cost", "drain " + n + " tasks, 1 JVM × " + CONCURRENCY + ", MONITOR on")
                        .field("tasks", n).field("concurrency", CONCURRENCY).field("clientCommands", total)
                        .field("commands", byCommand)
                        .figure("commandsPerTask", "client commands (≥ round trips) per task", total / (double) n, "")
                        .target("≤ 0.5", total / (double) n <= 0.5);
            } finally {
                worker.stop(Duration.ofSeconds(10));
            }
        } finally {
            env.deleteKeys(name);
        }
    }

    private Result idleCost(BenchEnv env, double seconds) throws Exception {
        BenchEnv.log("cost: commands per second from an idle worker over " + seconds + " s");
        String name = env.newQueueName("cost-idle");
        try (CommandCounter counter = CommandCounter.start(env.target(), env.control());
             RedQ workerRedq = RedQ.connect(env.target().url())) {
            Worker worker = workerRedq.queue(name).worker(WorkerOptions.builder().build())
                    .handle(Noop.TYPE, Noop.class, (p, ctx) -> { });
            worker.start();
            try {
                Thread.sleep(1_000); // start-up commands are not idle ones
                Map<String, Long> before = counter.snapshot();
                Thread.sleep((long) (seconds * 1000));
                Map<String, Long> during = CommandCounter.minus(counter.snapshot(), before);
                double perSec = CommandCounter.total(during) / seconds;
                return Result.of("cost", "idle worker (defaults), " + seconds + " s")
                        .field("seconds", seconds).field("commands", during)
                        .figure("idleCommandsPerSec", "Redis commands/s from an idle worker", perSec, "cmd/s")
                        .target("≤ 1", perSec <= 1);
            } finally {
                worker.stop(Duration.ofSeconds(10));
            }
        } finally {
            env.deleteKeys(name);
        }
    }
}
