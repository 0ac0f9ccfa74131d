package io.redq.test;

import io.redq.test.internal.Resp;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The extension resolves one shared, working Redis endpoint; here from REDIS_URL or redis-server on PATH. */
@RedisTest
class RedisExtensionIT {

    private final RedisEndpoint fromConstructor;

    RedisExtensionIT(RedisEndpoint redis) {
        this.fromConstructor = redis;
    }

    @Test
    void resolvesAnEndpointThatAnswersPing(RedisEndpoint redis) throws IOException {
        assertEquals("PONG", Resp.call(redis.host(), redis.port(), Duration.ofSeconds(5), "PING"));
        assertEquals(expectedSource(), redis.source());
    }

    @Test
    void sharesOneEndpointAcrossTheRun(RedisEndpoint redis) {
        assertSame(fromConstructor, redis);
    }

    @Test
    void endpointWorksOutsideJUnitAndIsReused() throws IOException {
        RedisEndpoint redis = RedisExtension.endpoint();
        assertEquals("PONG", Resp.call(redis.host(), redis.port(), Duration.ofSeconds(5), "PING"));
        assertSame(redis, RedisExtension.endpoint());
    }

    private static RedisEndpoint.Source expectedSource() {
        String url = System.getenv("REDIS_URL");
        return url == null || url.isBlank() ? RedisEndpoint.Source.LOCAL_PROCESS : RedisEndpoint.Source.ENV;
    }
}
