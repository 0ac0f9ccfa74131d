package io.redq.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueueKeysTest {

    /** CRC16-CCITT (XModem) as Redis Cluster computes it, then the slot of the hash tag. */
    static int slot(String key) {
        int start = key.indexOf('{');
        if (start >= 0) {
            int end = key.indexOf('}', start + 1);
            if (end > start + 1) {
                key = key.substring(start + 1, end);
            }
        }
        int crc = 0;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            crc ^= (b & 0xFF) << 8;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
                crc &= 0xFFFF;
            }
        }
        return crc % 16384;
    }

    @Test
    void crc16MatchesRedisClusterReferenceValues() {
        // Values from the Redis Cluster specification and CLUSTER KEYSLOT.
        assertThat(slot("123456789")).isEqualTo(0x31C3 % 16384);
        assertThat(slot("foo")).isEqualTo(12182);
        assertThat(slot("redq:{emails}:ready")).isEqualTo(3728);
        assertThat(slot("{日本語}")).isEqualTo(12788);
        assertThat(slot("{user1000}.following")).isEqualTo(slot("{user1000}.followers"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"emails", "a", "orders:eu-west", "日本語", "a-rather-long-queue-name-used-by-one-team-for-one-job"})
    void everyKeyOfAQueueHashesToOneSlot(String queue) {
        QueueKeys k = QueueKeys.of("redq", queue);
        QueueKeys levels = QueueKeys.of("redq", queue, 3);
        List<String> keys = List.of(k.ready(0), k.active("host-1-abc"), k.consumers(), k.delayed(), k.dead(),
                k.deadRecords(), k.completed(), k.unique("report:42"), k.unique("{odd}"), k.wake(), k.delayedWakeChannel(),
                levels.ready(0), levels.ready(1), levels.ready(2));
        int expected = slot("{" + queue + "}");
        assertThat(keys).allSatisfy(key -> assertThat(slot(key)).as(key).isEqualTo(expected));
    }

    @Test
    void keysFollowTheDocumentedLayout() {
        QueueKeys k = QueueKeys.of("redq", "emails");
        assertThat(k.ready(0)).isEqualTo("redq:{emails}:ready");
        assertThat(k.readyLists()).containsExactly("redq:{emails}:ready");
        assertThat(QueueKeys.of("redq", "emails", 3).readyLists())
                .containsExactly("redq:{emails}:ready:0", "redq:{emails}:ready:1", "redq:{emails}:ready:2");
        assertThat(k.wake()).isEqualTo("redq:{emails}:wake");
        assertThat(k.active("c1")).isEqualTo("redq:{emails}:active:c1");
        assertThat(k.consumers()).isEqualTo("redq:{emails}:consumers");
        assertThat(k.delayed()).isEqualTo("redq:{emails}:delayed");
        assertThat(k.dead()).isEqualTo("redq:{emails}:dead");
        assertThat(k.completed()).isEqualTo("redq:{emails}:completed");
        assertThat(k.unique("k")).isEqualTo("redq:{emails}:unique:k");
        assertThat(QueueKeys.of("app", "emails").ready(0)).isEqualTo("app:{emails}:ready");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a{b", "a}b", "has space", "tab\t", "new\nline"})
    void invalidQueueNamesAreRefusedWithTheName(String name) {
        assertThatThrownBy(() -> QueueKeys.validateQueueName(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("queue name");
    }

    @Test
    void overlongAndNullQueueNamesAreRefused() {
        assertThatThrownBy(() -> QueueKeys.validateQueueName("x".repeat(201)))
                .hasMessageContaining("at most 200 characters, was 201");
        assertThatThrownBy(() -> QueueKeys.validateQueueName(null)).hasMessageContaining("must not be null");
    }

    @Test
    void invalidPrefixesAreRefused() {
        assertThatThrownBy(() -> QueueKeys.of("", "q")).hasMessageContaining("key prefix");
        assertThatThrownBy(() -> QueueKeys.of("a{b}", "q")).hasMessageContaining("key prefix");
    }
}
