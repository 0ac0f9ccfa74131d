/**
 * Test support for redq: real Redis servers and separate JVMs that tests can start,
 * kill, restart and pause.
 *
 * <ul>
 *   <li>{@link io.redq.test.RedisExtension} and {@link io.redq.test.RedisTest} give a test
 *       a shared {@link io.redq.test.RedisEndpoint}: {@code REDIS_URL}, else a local
 *       {@code redis-server}, else Testcontainers.</li>
 *   <li>{@link io.redq.test.RedisServer} is a throw-away {@code redis-server} process for
 *       tests that inject faults.</li>
 *   <li>{@link io.redq.test.JvmProcess} runs a main class in its own JVM for crash tests.</li>
 * </ul>
 *
 * <p>Unless a member says otherwise, parameters must not be {@code null} and passing
 * {@code null} throws {@link java.lang.NullPointerException}.
 */
package io.redq.test;
