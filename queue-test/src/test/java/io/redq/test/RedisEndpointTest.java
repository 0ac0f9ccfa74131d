package io.redq.test;

import io.redq.test.RedisEndpoint.Source;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parsing Redis URLs into an {@link RedisEndpoint}; no Redis needed. */
class RedisEndpointTest {

    @Test
    void parsesHostAndPort() {
        RedisEndpoint endpoint = RedisEndpoint.of("redis://127.0.0.1:6380", Source.LOCAL_PROCESS);
        assertEquals("redis://127.0.0.1:6380", endpoint.url());
        assertEquals("127.0.0.1", endpoint.host());
        assertEquals(6380, endpoint.port());
        assertEquals(Source.LOCAL_PROCESS, endpoint.source());
    }

    @Test
    void portDefaultsTo6379AndDatabaseAndPasswordAreKeptInTheUrl() {
        RedisEndpoint endpoint = RedisEndpoint.of(" rediss://:secret@redis.example.com/2 ", Source.ENV);
        assertEquals("redis.example.com", endpoint.host());
        assertEquals(6379, endpoint.port());
        assertEquals("rediss://:secret@redis.example.com/2", endpoint.url());
    }

    @Test
    void toStringMasksThePassword() {
        String text = RedisEndpoint.of("redis://user:secret@localhost:6379", Source.ENV).toString();
        assertFalse(text.contains("secret"), text);
        assertTrue(text.contains("localhost:6379"), text);
    }

    @Test
    void rejectsWhatIsNotARedisUrl() {
        assertThrows(IllegalArgumentException.class, () -> RedisEndpoint.of("http://localhost:6379", Source.ENV));
        assertThrows(IllegalArgumentException.class, () -> RedisEndpoint.of("localhost:6379", Source.ENV));
        assertThrows(IllegalArgumentException.class, () -> RedisEndpoint.of("redis://", Source.ENV));
        assertThrows(IllegalArgumentException.class, () -> RedisEndpoint.of("redis://a b", Source.ENV));
        assertThrows(NullPointerException.class, () -> RedisEndpoint.of("redis://localhost", null));
    }

    @Test
    void equalEndpointsHaveTheSameUrlAndSource() {
        assertEquals(RedisEndpoint.of("redis://h:1", Source.ENV), RedisEndpoint.of("redis://h:1", Source.ENV));
        assertNotEquals(RedisEndpoint.of("redis://h:1", Source.ENV),
                RedisEndpoint.of("redis://h:1", Source.TESTCONTAINERS));
    }
}
