package io.redq.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.redisson.config.ClusterServersConfig;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;
import org.redisson.config.SentinelServersConfig;
import org.redisson.config.SslVerificationMode;
import org.redisson.config.SubscriptionMode;

/** The Redisson configuration each topology gets: never a client-side retry, masters only. */
class ConnectorTest {

    private static Connector.Settings settings(String url) {
        RedisUrl u = RedisUrl.parse(url);
        return new Connector.Settings(u, u.username(), u.password(), null, null, Duration.ofSeconds(3),
                Duration.ofSeconds(4), Duration.ofMillis(1500), null, null, null, true);
    }

    @Test
    void standalone() {
        Config c = Connector.config(settings("rediss://u:p@h:6380/2"));
        assertThat(c.useSingleServer().getAddress()).isEqualTo("rediss://h:6380");
        assertThat(c.useSingleServer().getDatabase()).isEqualTo(2);
        assertThat(c.useSingleServer().getRetryAttempts()).isZero();
        assertThat(c.useSingleServer().getTimeout()).isEqualTo(3000);
        assertThat(c.useSingleServer().getConnectTimeout()).isEqualTo(4000);
        assertThat(c.getUsername()).isEqualTo("u");
        assertThat(c.getPassword()).isEqualTo("p");
        assertThat(c.getSslVerificationMode()).isEqualTo(SslVerificationMode.STRICT);
    }

    @Test
    void sentinelReadsAndSubscribesOnTheMasterAndNeverRetries() {
        SentinelServersConfig s = Connector.config(settings("redis-sentinel://a:1,b:2/mymaster/3"))
                .useSentinelServers();
        assertThat(s.getMasterName()).isEqualTo("mymaster");
        assertThat(s.getSentinelAddresses()).containsExactly("redis://a:1", "redis://b:2");
        assertThat(s.getDatabase()).isEqualTo(3);
        assertThat(s.getReadMode()).isEqualTo(ReadMode.MASTER);
        assertThat(s.getSubscriptionMode()).isEqualTo(SubscriptionMode.MASTER);
        assertThat(s.getRetryAttempts()).isZero();
        assertThat(s.getScanInterval()).isEqualTo(1500);
    }

    @Test
    void clusterReadsAndSubscribesOnMastersAndNeverRetries() {
        ClusterServersConfig c = Connector.config(settings("rediss-cluster://a:7000,b:7001")).useClusterServers();
        assertThat(c.getNodeAddresses()).containsExactly("rediss://a:7000", "rediss://b:7001");
        assertThat(c.getReadMode()).isEqualTo(ReadMode.MASTER);
        assertThat(c.getSubscriptionMode()).isEqualTo(SubscriptionMode.MASTER);
        assertThat(c.getRetryAttempts()).isZero();
        assertThat(c.getTimeout()).isEqualTo(3000);
    }
}
