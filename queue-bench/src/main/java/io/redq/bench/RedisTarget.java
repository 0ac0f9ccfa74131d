package io.redq.bench;

import java.net.URI;

/**
 * Where the benchmark's Redis is: host, port and optional password parsed from a redis:// URL,
 * plus the server's PID when it runs on this machine (for CPU sampling), else -1.
 */
record RedisTarget(String url, String host, int port, String password, long pid) {

    /** Parses {@code redis://[user:password@]host:port[/db]}; the PID is unknown (-1). */
    static RedisTarget parse(String url) {
        URI uri = URI.create(url);
        if (!"redis".equals(uri.getScheme())) {
            throw new IllegalArgumentException("the benchmark needs a plain redis:// URL, was '" + url + "'");
        }
        String password = null;
        String userInfo = uri.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            password = colon >= 0 ? userInfo.substring(colon + 1) : userInfo;
        }
        return new RedisTarget(url, uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379, password, -1);
    }

    RedisTarget withPid(long newPid) {
        return new RedisTarget(url, host, port, password, newPid);
    }

    /** True for the machine's shared Redis (loopback, port 6379), which benchmarks must not load. */
    boolean isSharedLocalRedis() {
        return isLoopback() && port == 6379;
    }

    boolean isLoopback() {
        return "127.0.0.1".equals(host) || "localhost".equals(host) || "::1".equals(host) || "[::1]".equals(host);
    }
}
