package io.redq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.redq.TaskQueue;
import io.redq.Worker;
import io.redq.WorkerOptions;
import io.redq.core.RedQ;
import io.redq.core.RedisConnectException;
import io.redq.test.RedisServer;
import io.redq.test.TestCertificates;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A TLS-only redis-server with a certificate of a private CA that the test generates. */
class TlsIT {

    private static TestCertificates certs;
    private static RedisServer redis;

    @BeforeAll
    static void start() {
        certs = TestCertificates.generate();
        redis = RedisServer.start(RedisServer.Options.builder().tls(certs).build());
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
        if (certs != null) {
            certs.close();
        }
    }

    @Test
    void producerAndWorkerOverTlsTrustingThePrivateCa() {
        assertThat(redis.url()).startsWith("rediss://127.0.0.1:");
        try (RedQ producerSide = RedQ.builder().url(redis.url()).tlsCaCertificate(certs.caCertificate()).build();
             RedQ workerSide = RedQ.builder().environment(Map.of("REDQ_URL", redis.url(),
                     "REDQ_TLS_CA_CERTIFICATE", certs.caCertificate().toString())).build()) {
            TaskQueue queue = producerSide.queue("tls-drain");
            List<String> ids = queue.producer().enqueueAll("job", ClusterIT.jobs(50));
            Set<String> ran = ConcurrentHashMap.newKeySet();
            try (Worker worker = workerSide.queue("tls-drain").worker(WorkerOptions.builder().concurrency(4)
                    .fetchTimeout(Duration.ofSeconds(1)).build())
                    .handle("job", Job.class, (job, ctx) -> ran.add(ctx.taskId())).start()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> ran.size() == ids.size());
            }
            assertThat(ran).containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    @Test
    void aPlainTextClientAgainstTheTlsPortFailsAtConnect() {
        String plain = "redis://127.0.0.1:" + redis.port();
        assertThatThrownBy(() -> RedQ.builder().url(plain).connectTimeout(Duration.ofSeconds(2))
                .commandTimeout(Duration.ofSeconds(2)).build())
                .isInstanceOf(RedisConnectException.class).hasMessageContaining(plain.substring(8))
                .hasMessageContaining("rediss://")
                .satisfies(e -> System.out.println("plain text: " + e.getMessage()));
    }

    @Test
    void aServerCertificateOfAnUntrustedCaFailsAtConnect() {
        assertThatThrownBy(() -> RedQ.builder().url(redis.url()).connectTimeout(Duration.ofSeconds(2)).build())
                .isInstanceOf(RedisConnectException.class).hasMessageContaining("tlsCaCertificate")
                .satisfies(e -> System.out.println("untrusted: " + e.getMessage()));
    }
}
