package io.redq.test;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that needs Redis: its constructors, test and lifecycle methods may
 * take a {@link RedisEndpoint} parameter. Shorthand for
 * {@code @ExtendWith(RedisExtension.class)}.
 *
 * <pre>{@code
 * @RedisTest
 * class ProducerIT {
 *     @Test
 *     void enqueues(RedisEndpoint redis) { ... }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RedisExtension.class)
public @interface RedisTest {
}
