package io.redq.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedisUrlTest {

    @Test
    void standaloneWithCredentialsAndDatabase() {
        RedisUrl url = RedisUrl.parse("rediss://app:s%40cret@cache.example:6380/3");
        assertThat(url.mode()).isEqualTo(RedisUrl.Mode.STANDALONE);
        assertThat(url.tls()).isTrue();
        assertThat(url.nodes()).containsExactly("cache.example:6380");
        assertThat(url.username()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("s@cret");
        assertThat(url.database()).isEqualTo(3);
        assertThat(url.addresses()).containsExactly("rediss://cache.example:6380");
        assertThat(url).hasToString("rediss://cache.example:6380/3");
    }

    @Test
    void defaultPortsAndALoneUserInfoIsThePassword() {
        RedisUrl url = RedisUrl.parse("redis://secret@localhost");
        assertThat(url.nodes()).containsExactly("localhost:6379");
        assertThat(url.username()).isNull();
        assertThat(url.password()).isEqualTo("secret");
        assertThat(RedisUrl.parse("redis://:pw@[::1]:7000").nodes()).containsExactly("[::1]:7000");
    }

    @Test
    void sentinelNamesItsMasterAfterTheSentinels() {
        RedisUrl url = RedisUrl.parse("redis-sentinel://h1:26379, h2,h3:26380/mymaster/2");
        assertThat(url.mode()).isEqualTo(RedisUrl.Mode.SENTINEL);
        assertThat(url.nodes()).containsExactly("h1:26379", "h2:26379", "h3:26380");
        assertThat(url.masterName()).isEqualTo("mymaster");
        assertThat(url.database()).isEqualTo(2);
        assertThat(RedisUrl.parse("rediss-sentinel://h1/m").tls()).isTrue();
    }

    @Test
    void clusterSeeds() {
        RedisUrl url = RedisUrl.parse("redis-cluster://u:p@h1:7000,h2:7001");
        assertThat(url.mode()).isEqualTo(RedisUrl.Mode.CLUSTER);
        assertThat(url.addresses()).isEqualTo(List.of("redis://h1:7000", "redis://h2:7001"));
        assertThat(url.username()).isEqualTo("u");
    }

    @Test
    void badUrlsFailNamingWhatIsWrongWithoutThePassword() {
        assertThatThrownBy(() -> RedisUrl.parse("http://h:1")).hasMessageContaining("'http://h:1'")
                .hasMessageContaining("redis-sentinel://");
        assertThatThrownBy(() -> RedisUrl.parse("redis-sentinel://u:topsecret@h1:26379"))
                .hasMessageContaining("names the master").hasMessageNotContaining("topsecret")
                .hasMessageContaining("u:***@");
        assertThatThrownBy(() -> RedisUrl.parse("redis://h:99999")).hasMessageContaining("port 99999");
        assertThatThrownBy(() -> RedisUrl.parse("redis://h:abc")).hasMessageContaining("'abc'");
        assertThatThrownBy(() -> RedisUrl.parse("redis://h1:1,h2:2")).hasMessageContaining("names one server");
        assertThatThrownBy(() -> RedisUrl.parse("redis-cluster://h1:1,,h2:2")).hasMessageContaining("empty host");
        assertThatThrownBy(() -> RedisUrl.parse("redis-cluster://h1:1/4")).hasMessageContaining("only database 0");
        assertThatThrownBy(() -> RedisUrl.parse("redis://h1/x")).hasMessageContaining("'x' is not a database");
        assertThatThrownBy(() -> RedisUrl.parse("redis://h1?timeout=3")).hasMessageContaining("query");
        assertThatThrownBy(() -> RedisUrl.parse(" ")).hasMessageContaining("blank");
    }
}
