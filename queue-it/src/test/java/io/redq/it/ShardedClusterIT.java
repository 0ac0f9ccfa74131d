package io.redq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.redq.QueueOptions;
import io.redq.QueueStats;
import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import io.redq.test.RedisCluster;
import io.redq.test.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One queue spread over 3 shards on the 3 masters of a real Redis Cluster. */
class ShardedClusterIT {

    private static RedisCluster cluster;
    private static RedQ redq;

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start();
        redq = RedQ.connect(cluster.url());
    }

    @AfterAll
    static void stopCluster() {
        if (redq != null) {
            redq.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void threeShardsOnThreeMastersRunEveryTaskExactlyOnce() throws Exception {
        String name = nameWithShardsOnDistinctMasters("sharded", 3);
        TaskQueue queue = redq.queue(name, QueueOptions.builder().shards(3).build());
        Set<RedisServer> masters = new HashSet<>();
        for (TaskQueue shard : queue.shards()) {
            masters.add(cluster.masterOf("redq:{" + shard.name() + "}:ready"));
        }
        assertThat(masters).as("masters holding the shards").hasSize(3);

        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        ExecutorService producers = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            int thread = t;
            producers.submit(() -> {
                for (int i = 0; i < 250; i++) {
                    ids.add(queue.producer().enqueue("job", new Job(thread * 1_000 + i, 0)));
                }
            });
        }
        producers.shutdown();
        assertThat(producers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        for (int b = 0; b < 6; b++) {
            List<Job> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                batch.add(new Job(100_000 + b * 100 + i, 0));
            }
            ids.addAll(queue.producer().enqueueAll("job", batch));
        }
        assertThat(ids).hasSize(2_600);
        // 2,000 single enqueues in turn (666 or 667 per shard) and two batches of 100 per shard
        assertThat(queue.shards()).as("tasks per shard").extracting(s -> s.stats().ready())
                .allMatch(ready -> ready == 866 || ready == 867);

        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> perShard = new ConcurrentHashMap<>();
        WorkerOptions options = WorkerOptions.builder().concurrency(8).lease(Duration.ofSeconds(2))
                .fetchTimeout(Duration.ofSeconds(1)).build();
        List<Worker> workers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            workers.add(queue.worker(options).handle("job", Job.class, (job, ctx) -> {
                runs.computeIfAbsent(ctx.taskId(), k -> new AtomicInteger()).incrementAndGet();
                perShard.computeIfAbsent(ctx.queue(), k -> new AtomicInteger()).incrementAndGet();
            }).start());
        }
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> runs.size() == ids.size());
            await().atMost(Duration.ofSeconds(10)).until(() -> idle(queue.stats()));
        } finally {
            workers.forEach(Worker::close);
        }
        assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(runs.values()).as("runs per task").allMatch(n -> n.get() == 1);
        assertThat(perShard).containsOnlyKeys(name + "#0", name + "#1", name + "#2");
        assertThat(queue.stats().completed()).isEqualTo(2_600);
        for (RedisServer node : cluster.nodes()) {
            assertThat(ErrorStats.of(node)).as("errors of node %d", node.port()).doesNotContainKey("CROSSSLOT");
        }
    }

    /** The first name {@code base-i} whose shards {@code base-i#0..n-1} sit on n different masters. */
    private static String nameWithShardsOnDistinctMasters(String base, int n) {
        for (int i = 0; ; i++) {
            String name = base + "-" + i;
            Set<RedisServer> masters = new HashSet<>();
            for (int s = 0; s < n; s++) {
                masters.add(cluster.masterOf("redq:{" + name + "#" + s + "}:ready"));
            }
            if (masters.size() == n) {
                return name;
            }
        }
    }

    private static boolean idle(QueueStats s) {
        return s.ready() == 0 && s.active() == 0 && s.delayed() == 0 && s.dead() == 0;
    }
}
