package io.redq.bench;

import io.redq.QueueOptions;
import io.redq.TaskQueue;
import io.redq.core.RedQ;
import io.redq.test.RedisCluster;
import io.redq.test.RedisServer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sharded: on a throw-away Redis Cluster of its own (3 masters, 3 replicas, persistence off, all
 * on this machine), n no-op tasks are enqueued in batches of 1,000 and drained by one worker at
 * concurrency 50 in this JVM: once on a queue of 1 shard (one master), once on a queue of 3 shards
 * placed on the 3 masters. Redis CPU is that of all six nodes (replicas apply every write too).
 */
final class ShardedScenario implements Scenario {

    private static final int CONCURRENCY = 50;

    @Override
    public void run(BenchEnv env) throws Exception {
        int n = env.options().n();
        BenchEnv.log("sharded: starting a 3-master, 3-replica Redis Cluster");
        try (RedisCluster cluster = RedisCluster.start(); RedQ redq = RedQ.connect(cluster.url())) {
            List<Long> pids = cluster.nodes().stream().map(RedisServer::pid).toList();
            BenchEnv.log("sharded: warm-up drain of " + Math.min(n, 20_000) + " tasks on 3 shards (not reported)");
            drain(env, redq, cluster, pids, "bench-shard-warmup", 3, Math.min(n, 20_000));
            for (int shards : new int[] {1, 3}) {
                BenchEnv.log("sharded: " + n + " tasks, " + shards + " shard(s), 1 worker, concurrency " + CONCURRENCY);
                Measured m = drain(env, redq, cluster, pids, "bench-shard-" + shards, shards, n);
                env.report(Result.of("sharded", shards + " shard" + (shards > 1 ? "s on 3 masters" : " (1 master)")
                                + " of a local cluster, 1 JVM × " + CONCURRENCY)
                        .field("shards", shards).field("tasks", n).field("concurrency", CONCURRENCY)
                        .field("enqueueSeconds", DrainScenario.round(m.enqueueSeconds()))
                        .field("drainSeconds", DrainScenario.round(m.run().seconds()))
                        .field("redisCpuPct", m.run().redisCpu()).field("workerJvmCpuPct", m.run().jvmCpu())
                        .field("otherCpuPct", Drains.otherCpu(m.run()))
                        .field("batchedEnqueuePerSec", Math.round(n / m.enqueueSeconds()))
                        .figure("tasksPerSec", "drain rate", m.run().tasksPerSec(), "tasks/s"));
            }
        }
    }

    private record Measured(double enqueueSeconds, Drains.Run run) {
    }

    private static Measured drain(BenchEnv env, RedQ redq, RedisCluster cluster, List<Long> pids, String base,
                                  int shards, int n) throws Exception {
        String name = onDistinctMasters(cluster, base, shards);
        TaskQueue q = redq.queue(name, QueueOptions.builder().shards(shards).build());
        long t0 = System.nanoTime();
        env.preload(q, n, env.payload(), 1);
        double enqueueSeconds = (System.nanoTime() - t0) / 1e9;
        Drains.Run run = Drains.run(pids, q, n, CONCURRENCY);
        for (TaskQueue shard : q.shards()) {
            BenchEnv.deleteKeys(redq, shard.name());
        }
        return new Measured(enqueueSeconds, run);
    }

    /** The first name {@code base-i} whose shards sit on as many different masters as there are shards. */
    private static String onDistinctMasters(RedisCluster cluster, String base, int shards) {
        for (int i = 0; ; i++) {
            String name = base + "-" + i;
            Set<RedisServer> masters = new HashSet<>();
            for (int s = 0; s < shards; s++) {
                String queue = shards == 1 ? name : name + "#" + s;
                masters.add(cluster.masterOf(RedQ.DEFAULT_PREFIX + ":{" + queue + "}:ready"));
            }
            if (masters.size() == shards) {
                return name;
            }
        }
    }
}
