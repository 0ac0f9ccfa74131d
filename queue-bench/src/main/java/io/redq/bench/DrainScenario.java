package io.redq.bench;

import io.redq.QueueOptions;

/**
 * Drain: n no-op tasks pre-loaded, then one worker in this JVM at each concurrency (1, 10, 50,
 * 100), then several worker JVMs at once ({@link ChildJvms}). Target: 60,000 tasks/s for one JVM
 * at concurrency 50, and the multi-JVM figure not lower than that.
 */
final class DrainScenario implements Scenario {

    static final String REF_C50 = "drain-c50";
    static final double TARGET_C50 = 60_000;

    @Override
    public void run(BenchEnv env) throws Exception {
        Drains.warmUp(env);
        int n = env.options().n();
        for (int concurrency : env.options().concurrencies()) {
            BenchEnv.log("drain: " + n + " tasks, 1 worker, concurrency " + concurrency);
            Drains.Run run = Drains.preloadAndRun(env, "drain", n, concurrency);
            Result r = result(1, concurrency, run);
            if (concurrency == 50) {
                env.setReference(REF_C50, run.tasksPerSec());
                r.target("≥ 60,000 tasks/s", run.tasksPerSec() >= TARGET_C50);
            }
            env.report(r);
        }
        multiJvm(env, n);
    }

    private void multiJvm(BenchEnv env, int n) throws Exception {
        int jvms = env.options().jvms();
        int concurrency = env.options().jvmConcurrency();
        BenchEnv.log("drain: " + n + " tasks, " + jvms + " worker JVMs, concurrency " + concurrency + " each");
        String name = env.newQueueName("drain-jvms");
        try {
            env.preload(env.queue(name, QueueOptions.defaults()), n, env.payload(), 1);
            Drains.Run run = ChildJvms.drain(env, name, n, jvms, concurrency);
            Result r = result(jvms, concurrency, run);
            Double one = env.reference(REF_C50);
            if (one != null && concurrency == 50) {
                r.target("≥ 1 JVM × 50 (" + Result.format(one, "tasks/s") + ")", run.tasksPerSec() >= one);
            }
            env.report(r);
        } finally {
            env.deleteKeys(name);
        }
    }

    static Result result(int workers, int concurrency, Drains.Run run) {
        return Result.of("drain", workers + " JVM" + (workers > 1 ? "s" : "") + " × concurrency " + concurrency)
                .field("workers", workers).field("concurrency", concurrency).field("tasks", run.tasks())
                .field("handled", run.handled()).field("seconds", round(run.seconds()))
                .field("redisCpuPct", run.redisCpu()).field("workerJvmCpuPct", run.jvmCpu())
                .field("otherCpuPct", Drains.otherCpu(run)).field("jitCpuPct", run.jitCpu())
                .figure("tasksPerSec", "drain rate", run.tasksPerSec(), "tasks/s");
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
