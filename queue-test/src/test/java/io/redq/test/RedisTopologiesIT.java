package io.redq.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cluster, the Sentinel group and the TLS server start, answer, fail over and clean up after themselves. */
class RedisTopologiesIT {

    @Test
    void clusterHasThreeMastersAndFailsOverAKilledOne() {
        List<Path> dirs;
        try (RedisCluster cluster = RedisCluster.start()) {
            dirs = cluster.nodes().stream().map(RedisServer::dir).toList();
            assertEquals(3, cluster.masters().size());
            RedisServer master = cluster.masterOf("redq:{a}:ready");
            assertSame(master, cluster.masterOfSlot(cluster.slot("{a}")));
            cluster.kill(master);
            cluster.awaitHealthy(cluster.nodeTimeout().multipliedBy(10));
            assertNotSame(master, cluster.masterOf("redq:{a}:ready"));
            assertEquals(3, cluster.masters().size());
        }
        assertTrue(dirs.stream().noneMatch(Files::exists), "node directories deleted");
    }

    @Test
    void sentinelGroupPromotesTheReplica() {
        try (RedisSentinelGroup group = RedisSentinelGroup.start()) {
            RedisServer master = group.master();
            assertSame(group.servers().get(0), master);
            group.killMaster();
            RedisServer promoted = group.awaitMasterChange(master, Duration.ofSeconds(30));
            assertSame(group.servers().get(1), promoted);
            assertEquals("127.0.0.1:" + promoted.port(), group.masterAddress());
        }
    }

    @Test
    void tlsServerAnswersOverTls() {
        try (TestCertificates certs = TestCertificates.generate();
             RedisServer redis = RedisServer.start(RedisServer.Options.builder().tls(certs).build())) {
            assertTrue(redis.url().startsWith("rediss://"), redis.url());
            assertEquals("PONG", redis.command("PING"));
        }
    }
}
