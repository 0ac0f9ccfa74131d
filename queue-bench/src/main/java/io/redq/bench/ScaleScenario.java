package io.redq.bench;

import io.redq.QueueOptions;
import io.redq.TaskQueue;

/**
 * Scale: a large backlog (1,000,000 tasks) of 100-byte and of 1 KiB payloads. Measures the
 * enqueue rate (enqueueAll in chunks of 1,000, one thread), Redis memory per queued task
 * ({@code INFO memory} used_memory after minus before, over n) and the drain rate (one worker,
 * concurrency 50). Targets: ≤ 250 bytes per 100-byte task; both rates within 20% of the
 * 100,000-task figures of the enqueue and drain scenarios when those ran first.
 */
final class ScaleScenario implements Scenario {

    static final int CONCURRENCY = 50;

    @Override
    public void run(BenchEnv env) throws Exception {
        Drains.warmUp(env);
        int n = env.options().scaleN();
        for (int bytes : new int[] {env.options().payloadBytes(), 1024}) {
            env.report(measure(env, n, bytes));
        }
    }

    private Result measure(BenchEnv env, int n, int bytes) throws Exception {
        BenchEnv.log("scale: " + n + " tasks of " + bytes + "-byte payloads: enqueue, memory, drain");
        String name = env.newQueueName("scale-" + bytes);
        TaskQueue q = env.queue(name, QueueOptions.defaults());
        try {
            long before = usedMemory(env);
            long t0 = System.nanoTime();
            env.preload(q, n, Noop.ofSize(bytes), 1);
            double enqueueSeconds = (System.nanoTime() - t0) / 1e9;
            long after = usedMemory(env);
            Drains.Run drain = Drains.run(env, q, n, CONCURRENCY);
            return result(env, n, bytes, n / enqueueSeconds, (after - before) / (double) n, drain);
        } finally {
            env.deleteKeys(name);
        }
    }

    private static long usedMemory(BenchEnv env) {
        return env.control().infoLong("memory", "used_memory");
    }

    private Result result(BenchEnv env, int n, int bytes, double enqueueRate, double perTask, Drains.Run drain) {
        Result r = Result.of("scale", n + " tasks × " + bytes + " B payload")
                .field("tasks", n).field("payloadBytes", bytes).field("concurrency", CONCURRENCY)
                .field("drainSeconds", DrainScenario.round(drain.seconds()))
                .field("redisCpuPct", drain.redisCpu()).field("workerJvmCpuPct", drain.jvmCpu())
                .field("otherCpuPct", Drains.otherCpu(drain))
                .figure("bytesPerTask", "Redis memory per queued task", perTask, "B");
        if (bytes == 100) {
            r.target("≤ 250 B (100-byte task)", perTask <= 250);
        }
        r.figure("enqueueTasksPerSec", "enqueue rate (enqueueAll × 1,000, 1 thread)", enqueueRate, "tasks/s");
        within20(r, env.reference(EnqueueScenario.REF_BATCH_1T), enqueueRate, bytes == env.options().payloadBytes());
        r.figure("drainTasksPerSec", "drain rate (1 JVM × 50)", drain.tasksPerSec(), "tasks/s");
        within20(r, env.reference(DrainScenario.REF_C50), drain.tasksPerSec(), bytes == env.options().payloadBytes());
        return r;
    }

    /** Target "not more than 20% below the figure measured on the smaller run" (same payload only). */
    private static void within20(Result r, Double reference, double value, boolean samePayload) {
        if (reference != null && samePayload) {
            r.target("≥ 80% of " + Result.format(reference, "tasks/s"), value >= 0.8 * reference);
        }
    }
}
