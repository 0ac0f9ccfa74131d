package io.redq.test;

import java.net.URI;
import java.util.Objects;

/**
 * Where the Redis server for a test run is, and how it was found. Injected by
 * {@link RedisExtension} into test parameters of this type, or returned by
 * {@link RedisExtension#endpoint()}.
 *
 * <p>Tests share the server, so each test should use its own queue names. Immutable.
 */
public final class RedisEndpoint {

    /** How the server was found, in the order {@link RedisExtension} tries them. */
    public enum Source {
        /** The {@code REDIS_URL} environment variable. */
        ENV,
        /** A throw-away {@code redis-server} from PATH, started for this run. */
        LOCAL_PROCESS,
        /** A {@code redis:7-alpine} container started through Testcontainers. */
        TESTCONTAINERS
    }

    private static final int DEFAULT_PORT = 6379;

    private final String url;
    private final String host;
    private final int port;
    private final Source source;

    private RedisEndpoint(String url, String host, int port, Source source) {
        this.url = url;
        this.host = host;
        this.port = port;
        this.source = source;
    }

    /**
     * Creates an endpoint from a Redis URL; the port defaults to 6379.
     *
     * @param url    a {@code redis://} or {@code rediss://} URL, e.g. {@code redis://127.0.0.1:6380/0};
     *               must not be null
     * @param source how it was found; must not be null
     * @return the endpoint
     * @throws IllegalArgumentException if {@code url} is not a Redis URL with a host
     */
    public static RedisEndpoint of(String url, Source source) {
        Objects.requireNonNull(url, "url must not be null");
        Objects.requireNonNull(source, "source must not be null");
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a Redis URL: '" + url + "'", e);
        }
        boolean redisScheme = "redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme());
        if (!redisScheme || uri.getHost() == null) {
            throw new IllegalArgumentException("not a Redis URL: '" + url
                    + "'; expected redis://host:port or rediss://host:port");
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        return new RedisEndpoint(url.trim(), uri.getHost(), port, source);
    }

    /** @return the URL as given (e.g. {@code redis://127.0.0.1:6380}), for a Redis client; never null */
    public String url() {
        return url;
    }

    /** @return the host name or address; never null */
    public String host() {
        return host;
    }

    /** @return the TCP port */
    public int port() {
        return port;
    }

    /** @return how the server was found; never null */
    public Source source() {
        return source;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RedisEndpoint that && url.equals(that.url) && source == that.source;
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, source);
    }

    /** @return the URL and source; the URL's password, if any, is masked */
    @Override
    public String toString() {
        return "RedisEndpoint[" + url.replaceFirst("//[^@/]*@", "//***@") + " from " + source + "]";
    }
}
