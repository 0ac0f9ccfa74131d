package io.redq.core.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the URLs redq connects with: one server ({@code redis://}, {@code rediss://}), a Sentinel
 * group ({@code redis-sentinel://h1:26379,h2:26379/mymaster}) or a Cluster ({@code
 * redis-cluster://h1:7000,h2:7001}), each with an optional {@code user:password@}. Exists so the URL
 * form and the builder form end in the same checked value, and so no message repeats a password.
 */
public final class RedisUrl {

    /** How the servers in a URL are organised. */
    public enum Mode {
        /** One server. */
        STANDALONE("redis", 6379),
        /** Sentinels that name the current master of a group. */
        SENTINEL("redis-sentinel", 26379),
        /** Seed nodes of a Redis Cluster. */
        CLUSTER("redis-cluster", 6379);

        final String scheme;
        final int defaultPort;

        Mode(String scheme, int defaultPort) {
            this.scheme = scheme;
            this.defaultPort = defaultPort;
        }

        /** The plain-text scheme of this mode, e.g. {@code redis-sentinel}. */
        public String scheme() {
            return scheme;
        }
    }

    private final Mode mode;
    private final boolean tls;
    private final List<String> nodes;
    private final String masterName;
    private final int database;
    private final String username;
    private final String password;

    /**
     * A checked topology.
     *
     * @param nodes "host:port" entries, at least one
     * @param masterName the Sentinel master name (Sentinel only), else null
     */
    public RedisUrl(Mode mode, boolean tls, List<String> nodes, String masterName, int database, String username,
                    String password) {
        this.mode = mode;
        this.tls = tls;
        this.nodes = List.copyOf(nodes);
        this.masterName = masterName;
        this.database = database;
        this.username = username;
        this.password = password;
    }

    /**
     * Parses a URL.
     *
     * @throws IllegalArgumentException naming the URL (password masked) and what is wrong with it
     */
    public static RedisUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("redisUrl must not be null or blank");
        }
        int sep = url.indexOf("://");
        String scheme = sep < 0 ? "" : url.substring(0, sep).toLowerCase(Locale.ROOT);
        boolean tls = scheme.startsWith("rediss");
        Mode mode = switch (tls ? "redis" + scheme.substring("rediss".length()) : scheme) {
            case "redis" -> Mode.STANDALONE;
            case "redis-sentinel" -> Mode.SENTINEL;
            case "redis-cluster" -> Mode.CLUSTER;
            default -> throw bad(url, "it must start with redis://, rediss:// (TLS), redis-sentinel://, "
                    + "rediss-sentinel://, redis-cluster:// or rediss-cluster://");
        };
        String rest = url.substring(sep + 3);
        if (rest.contains("?") || rest.contains("#")) {
            throw bad(url, "query parameters and fragments are not supported; use the builder's setters");
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        String username = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            String user = decode(url, colon < 0 ? userInfo : userInfo.substring(0, colon));
            username = user.isEmpty() ? null : user;
            password = colon < 0 ? null : decode(url, userInfo.substring(colon + 1));
            if (colon < 0) { // redis://secret@host: Redis' own clients read a lone user-info as the password
                password = username;
                username = null;
            }
        }
        List<String> nodes = new ArrayList<>();
        for (String node : authority.split(",", -1)) {
            nodes.add(hostPort(url, node.trim(), mode.defaultPort));
        }
        String masterName = null;
        List<String> segments = path.isEmpty() ? List.of() : List.of(path.split("/", -1));
        if (mode == Mode.SENTINEL) {
            if (segments.isEmpty() || segments.get(0).isBlank()) {
                throw bad(url, "a Sentinel URL names the master after the sentinels: "
                        + "redis-sentinel://host:26379,host2:26379/mymaster");
            }
            masterName = decode(url, segments.get(0));
            segments = segments.subList(1, segments.size());
        }
        int database = database(url, segments, mode);
        if (mode == Mode.STANDALONE && nodes.size() > 1) {
            throw bad(url, "a " + scheme + ":// URL names one server; for several use redis-sentinel:// "
                    + "or redis-cluster://");
        }
        return new RedisUrl(mode, tls, nodes, masterName, database, username, password);
    }

    private static int database(String url, List<String> segments, Mode mode) {
        if (segments.isEmpty() || segments.size() == 1 && segments.get(0).isEmpty()) {
            return 0;
        }
        if (segments.size() > 1) {
            throw bad(url, "the path must be at most one database number");
        }
        int db;
        try {
            db = Integer.parseInt(segments.get(0));
        } catch (NumberFormatException e) {
            throw bad(url, "'" + segments.get(0) + "' is not a database number");
        }
        if (db < 0) {
            throw bad(url, "the database number must not be negative, was " + db);
        }
        if (mode == Mode.CLUSTER && db != 0) {
            throw bad(url, "a Redis Cluster has only database 0, was " + db);
        }
        return db;
    }

    /**
     * Checks one "host:port" (or "[v6]:port", or "host" with the default port) and returns it normalised.
     *
     * @throws IllegalArgumentException naming the address
     */
    public static String hostPort(String where, String node, int defaultPort) {
        if (node.isEmpty()) {
            throw bad(where, "it has an empty host (a stray comma?)");
        }
        String host;
        String port;
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            if (close < 0) {
                throw bad(where, "'" + node + "' opens an IPv6 address with [ but does not close it");
            }
            host = node.substring(0, close + 1);
            String tail = node.substring(close + 1);
            if (!tail.isEmpty() && !tail.startsWith(":")) {
                throw bad(where, "'" + node + "' must be [address]:port");
            }
            port = tail.isEmpty() ? null : tail.substring(1);
        } else {
            int colon = node.lastIndexOf(':');
            if (colon != node.indexOf(':')) {
                throw bad(where, "'" + node + "' looks like an IPv6 address: write it as [address]:port");
            }
            host = colon < 0 ? node : node.substring(0, colon);
            port = colon < 0 ? null : node.substring(colon + 1);
        }
        if (host.isEmpty() || host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/' || c == '@')) {
            throw bad(where, "'" + node + "' has no valid host");
        }
        int p = defaultPort;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw bad(where, "the port '" + port + "' of '" + node + "' is not a number");
            }
            if (p < 1 || p > 65535) {
                throw bad(where, "the port " + p + " of '" + node + "' is not between 1 and 65535");
            }
        }
        return host + ":" + p;
    }

    private static String decode(String url, String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw bad(url, "its user or password has a bad %-escape");
        }
    }

    private static IllegalArgumentException bad(String url, String why) {
        return new IllegalArgumentException("invalid Redis URL '" + mask(url) + "': " + why);
    }

    /** The URL with any password replaced by {@code ***}, for messages and logs. */
    public static String mask(String url) {
        if (url == null) {
            return null;
        }
        int sep = url.indexOf("://");
        int at = url.lastIndexOf('@');
        int slash = url.indexOf('/', sep < 0 ? 0 : sep + 3);
        if (sep < 0 || at < sep || slash >= 0 && slash < at) {
            return url;
        }
        String userInfo = url.substring(sep + 3, at);
        int colon = userInfo.indexOf(':');
        String masked = colon < 0 ? "***" : userInfo.substring(0, colon) + ":***";
        return url.substring(0, sep + 3) + masked + url.substring(at);
    }

    public Mode mode() {
        return mode;
    }

    public boolean tls() {
        return tls;
    }

    /** "host:port" entries: the server, the sentinels or the cluster seeds. */
    public List<String> nodes() {
        return nodes;
    }

    /** The Sentinel master name; null unless {@link Mode#SENTINEL}. */
    public String masterName() {
        return masterName;
    }

    public int database() {
        return database;
    }

    /** The user name from the URL, or null. */
    public String username() {
        return username;
    }

    /** The password from the URL, or null. */
    public String password() {
        return password;
    }

    /** The nodes as Redisson addresses: {@code redis://host:port} or {@code rediss://host:port}. */
    public List<String> addresses() {
        String scheme = tls ? "rediss://" : "redis://";
        return nodes.stream().map(n -> scheme + n).toList();
    }

    /** The URL without credentials, for messages: e.g. {@code redis-sentinel://h1:26379,h2:26379/mymaster}. */
    @Override
    public String toString() {
        String scheme = tls ? "rediss" + mode.scheme.substring("redis".length()) : mode.scheme;
        return scheme + "://" + String.join(",", nodes) + (masterName != null ? "/" + masterName : "")
                + (database != 0 ? "/" + database : "");
    }
}
