package io.redq.bench;

import io.redq.Priorities;
import io.redq.QueueOptions;
import io.redq.TaskQueue;

/**
 * Priorities: the drain scenario (n tasks, one worker at concurrency 50) on a queue with three
 * levels, strict and weighted 6:3:1, the tasks spread evenly over the levels. The issue sets no
 * target of its own; the one-level figure of the drain scenario is the yardstick.
 */
final class PriorityScenario implements Scenario {

    static final int CONCURRENCY = 50;
    static final int LEVELS = 3;

    @Override
    public void run(BenchEnv env) throws Exception {
        Drains.warmUp(env);
        env.report(measure(env, "strict", Priorities.strict(LEVELS)));
        env.report(measure(env, "weighted 6:3:1", Priorities.weighted(6, 3, 1)));
    }

    private Result measure(BenchEnv env, String label, Priorities priorities) throws Exception {
        int n = env.options().n();
        BenchEnv.log("priorities: " + n + " tasks over " + LEVELS + " levels, " + label + ", concurrency " + CONCURRENCY);
        String name = env.newQueueName("prio-" + (priorities.isWeighted() ? "weighted" : "strict"));
        TaskQueue q = env.queue(name, QueueOptions.builder().priorities(priorities).build());
        try {
            env.preload(q, n, env.payload(), LEVELS);
            Drains.Run run = Drains.run(env, q, n, CONCURRENCY);
            Double oneLevel = env.reference(DrainScenario.REF_C50);
            Result r = Result.of("priorities", LEVELS + " levels " + label + ", 1 JVM × " + CONCURRENCY)
                    .field("levels", LEVELS).field("mode", priorities.isWeighted() ? "weighted" : "strict")
                    .field("concurrency", CONCURRENCY).field("tasks", n).field("handled", run.handled())
                    .field("seconds", DrainScenario.round(run.seconds()))
                    .field("redisCpuPct", run.redisCpu()).field("workerJvmCpuPct", run.jvmCpu())
                .field("otherCpuPct", Drains.otherCpu(run))
                    .figure("tasksPerSec", "drain rate", run.tasksPerSec(), "tasks/s");
            if (oneLevel != null) {
                r.field("vsOneLevel", DrainScenario.round(run.tasksPerSec() / oneLevel));
            }
            return r;
        } finally {
            env.deleteKeys(name);
        }
    }
}
