package io.redq.test;

import io.redq.test.internal.Processes;
import io.redq.test.internal.Reaper;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Gives tests a Redis server without each of them having to find one: it resolves
 * {@link RedisEndpoint} parameters, starting at most one server for the whole test run
 * and stopping it when the run ends.
 *
 * <p>The server is found in this order:
 * <ol>
 *   <li>the {@code REDIS_URL} environment variable, if set and not blank (used as is,
 *       never flushed or stopped);</li>
 *   <li>a throw-away {@link RedisServer} from the {@code redis-server} on PATH;</li>
 *   <li>a {@code redis:7-alpine} container through Testcontainers, if Docker is available.</li>
 * </ol>
 * If none works, resolving fails with an {@link ExtensionConfigurationException} that
 * says how to get Redis. Tests that kill, restart or pause Redis should start their own
 * {@link RedisServer} instead of using the shared one.
 *
 * <p>Register it with {@link RedisTest} or {@code @ExtendWith(RedisExtension.class)}.
 */
public final class RedisExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RedisExtension.class);
    private static final String ENV_VARIABLE = "REDIS_URL";
    private static final String IMAGE = "redis:7-alpine";
    private static final int CONTAINER_PORT = 6379;
    private static final String HOW_TO_GET_REDIS = "No Redis server for the tests. Either set REDIS_URL "
            + "(e.g. REDIS_URL=redis://127.0.0.1:6379), or install Redis so that redis-server is on PATH "
            + "(e.g. `apt-get install redis-server` or `brew install redis`), or start Docker so that "
            + "Testcontainers can run " + IMAGE + ".";

    private static RedisEndpoint outsideJUnit;

    /** Creates the extension; JUnit does this for {@link RedisTest} classes. */
    public RedisExtension() {
    }

    /**
     * Returns the endpoint for code that runs outside JUnit, such as an example's
     * {@code main} method. It is resolved like a test parameter on the first call and reused
     * afterwards; a server or container started for it is stopped when the JVM exits.
     *
     * @return the endpoint; never null
     * @throws ExtensionConfigurationException if no Redis can be found; the message says how to get one
     * @throws IllegalStateException           if {@code redis-server} is on PATH but does not start
     */
    public static synchronized RedisEndpoint endpoint() {
        if (outsideJUnit == null) {
            SharedRedis redis = resolve();
            Reaper.register(redis);
            outsideJUnit = redis.endpoint;
        }
        return outsideJUnit;
    }

    /** @return true for parameters of type {@link RedisEndpoint} */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == RedisEndpoint.class;
    }

    /**
     * @return the endpoint shared by the whole test run; never null
     * @throws ExtensionConfigurationException if no Redis can be found; the message says how to get one
     * @throws IllegalStateException           if {@code redis-server} is on PATH but does not start
     */
    @Override
    public RedisEndpoint resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        ExtensionContext.Store store = extensionContext.getRoot().getStore(NAMESPACE);
        return store.getOrComputeIfAbsent(SharedRedis.class, key -> resolve(), SharedRedis.class).endpoint;
    }

    private static SharedRedis resolve() {
        String url = System.getenv(ENV_VARIABLE);
        if (url != null && !url.isBlank()) {
            try {
                return new SharedRedis(RedisEndpoint.of(url, RedisEndpoint.Source.ENV), () -> { });
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException(ENV_VARIABLE + " is set but unusable: " + e.getMessage(), e);
            }
        }
        if (Processes.findOnPath("redis-server").isPresent()) {
            RedisServer server = RedisServer.start();
            return new SharedRedis(RedisEndpoint.of(server.url(), RedisEndpoint.Source.LOCAL_PROCESS), server::close);
        }
        if (isDockerAvailable()) {
            return startContainer();
        }
        throw new ExtensionConfigurationException(HOW_TO_GET_REDIS);
    }

    private static SharedRedis startContainer() {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withExposedPorts(CONTAINER_PORT);
        try {
            container.start();
        } catch (RuntimeException e) {
            container.stop();
            throw new ExtensionConfigurationException("Docker is available but " + IMAGE
                    + " did not start: " + e.getMessage() + ". " + HOW_TO_GET_REDIS, e);
        }
        String url = "redis://" + container.getHost() + ":" + container.getMappedPort(CONTAINER_PORT);
        return new SharedRedis(RedisEndpoint.of(url, RedisEndpoint.Source.TESTCONTAINERS), container::stop);
    }

    private static boolean isDockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * The endpoint plus how to stop what was started for it (nothing for REDIS_URL), run when JUnit
     * closes the root store at the end of the run. It implements both the deprecated
     * CloseableResource and AutoCloseable so every JUnit 5 version closes it exactly once.
     */
    @SuppressWarnings("deprecation")
    private static final class SharedRedis implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        private final RedisEndpoint endpoint;
        private final Runnable stopper;

        SharedRedis(RedisEndpoint endpoint, Runnable stopper) {
            this.endpoint = endpoint;
            this.stopper = stopper;
        }

        @Override
        public void close() {
            stopper.run();
        }

        @Override
        public String toString() {
            return "SharedRedis[" + endpoint + "]";
        }
    }
}
