package io.redq.core;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redq.QueueOptions;
import io.redq.QueueUnavailableException;
import io.redq.TaskQueue;
import io.redq.core.internal.ConnectionProperties;
import io.redq.core.internal.Connector;
import io.redq.core.internal.EnvelopeCodec;
import io.redq.core.internal.QueueContext;
import io.redq.core.internal.QueueKeys;
import io.redq.core.internal.RedisTaskQueue;
import io.redq.core.internal.ShardedTaskQueue;
import io.redq.core.internal.RedisUrl;
import io.redq.core.internal.Scripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;

/**
 * The entry point: a connection to Redis that hands out queues.
 *
 * <pre>{@code
 * try (RedQ redq = RedQ.connect("redis://localhost:6379")) {
 *     TaskQueue emails = redq.queue("emails");
 *     emails.producer().enqueue("send-email", new Email("ada@example.com", "Hello"));
 *     Worker worker = emails.worker()
 *             .handle("send-email", Email.class, (email, ctx) -> mailer.send(email))
 *             .start();
 * }
 * }</pre>
 *
 * <p>Thread-safe. Closing it shuts down the Redis client it created (not one passed to
 * {@link Builder#redisson(RedissonClient)}); stop workers first.
 *
 * @since 0.1
 */
public final class RedQ implements AutoCloseable {

    /** Default key prefix: keys look like {@code redq:{emails}:ready}. */
    public static final String DEFAULT_PREFIX = "redq";
    /** Default largest payload accepted by enqueue: 1 MiB of UTF-8 JSON. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;
    /** Default longest time a unique key is held (it is released earlier when its task ends). */
    public static final Duration DEFAULT_UNIQUE_TTL = Duration.ofHours(24);
    /** Default bound on the wait for one command's reply. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(5);
    /** Default bound on opening one connection. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default interval at which a Cluster's slots or a Sentinel group's master are re-read. */
    public static final Duration DEFAULT_TOPOLOGY_SCAN_INTERVAL = Duration.ofSeconds(1);

    private final RedissonClient redisson;
    private final boolean ownsClient;
    private final String prefix;
    private final int maxPayloadBytes;
    private final Duration uniqueTtl;
    private final DeadLetterRetention retention;
    private final Scripts scripts;
    private final EnvelopeCodec codec;
    private final Map<String, TaskQueue> queues = new ConcurrentHashMap<>();

    private RedQ(Builder b, RedissonClient redisson, boolean ownsClient) {
        this.redisson = redisson;
        this.ownsClient = ownsClient;
        this.prefix = b.prefix;
        this.maxPayloadBytes = b.maxPayloadBytes;
        this.uniqueTtl = b.uniqueTtl;
        this.retention = b.retention;
        this.scripts = new Scripts(redisson);
        this.codec = new EnvelopeCodec(b.objectMapper != null ? b.objectMapper : defaultMapper(), maxPayloadBytes);
    }

    /**
     * Connects to one Redis server with the defaults.
     *
     * @param redisUrl e.g. {@code redis://localhost:6379}, {@code rediss://user:pass@host:6380/0},
     *                 {@code redis-sentinel://h1:26379,h2:26379/mymaster}, {@code redis-cluster://h1:7000,h2:7001}
     *                 (all forms: {@link Builder#url(String)})
     * @throws IllegalArgumentException if the URL is not one of those forms; the message says why
     * @throws RedisConnectException if the connection failed
     */
    public static RedQ connect(String redisUrl) {
        return builder().url(redisUrl).build();
    }

    /**
     * Connects with settings from properties (see {@link Builder#properties(Map)} for the keys), e.g.
     * {@code redq.url=redis-sentinel://h1:26379,h2:26379/mymaster}.
     *
     * @throws IllegalArgumentException naming a bad or unknown {@code redq.*} key
     * @throws RedisConnectException if the connection failed
     */
    public static RedQ fromProperties(Properties properties) {
        Objects.requireNonNull(properties, "properties must not be null");
        Map<String, String> map = new HashMap<>();
        properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
        return builder().properties(map).build();
    }

    /**
     * Connects with settings from the environment variables {@code REDQ_URL}, {@code REDQ_PASSWORD},
     * ... (see {@link Builder#environment(Map)}).
     *
     * @throws IllegalArgumentException naming a variable with a bad value
     * @throws IllegalStateException if {@code REDQ_URL} is not set
     * @throws RedisConnectException if the connection failed
     */
    public static RedQ fromEnvironment() {
        return builder().environment(System.getenv()).build();
    }

    /** A builder for the connection settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** The mapper used for payloads unless one is given: ignores unknown properties (forward compatible). */
    public static ObjectMapper defaultMapper() {
        return new ObjectMapper().findAndRegisterModules()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * The queue with this name (the same instance on every call).
     *
     * @throws IllegalArgumentException if the name is empty, longer than 200 characters, or holds
     *                                  braces, whitespace or control characters
     */
    public TaskQueue queue(String name) {
        return queue(name, QueueOptions.defaults());
    }

    /**
     * The queue with this name and these options (the same instance on every call). Every producer
     * and worker of a queue, in every JVM, must use the same options. With
     * {@link QueueOptions#shards()} {@code S > 1} the queue is spread over the S queues
     * {@code <name>#0} .. {@code <name>#S-1}, each in its own cluster slot (see
     * {@link QueueOptions.Builder#shards(int)}).
     *
     * @throws IllegalArgumentException if the name is invalid (see {@link #queue(String)}), or the
     *                                  name of its last shard is too long
     * @throws IllegalStateException if this RedQ already opened the queue with other options
     */
    public TaskQueue queue(String name, QueueOptions options) {
        QueueKeys.validateQueueName(name);
        Objects.requireNonNull(options, "options must not be null");
        if (options.shards() > 1) {
            QueueKeys.validateQueueName(ShardedTaskQueue.shardName(name, options.shards() - 1));
        }
        TaskQueue q = queues.computeIfAbsent(name, n -> open(n, options));
        if (!q.options().equals(options)) {
            throw new IllegalStateException("queue '" + name + "' is already open with " + q.options()
                    + "; open it with the same options everywhere");
        }
        return q;
    }

    private TaskQueue open(String name, QueueOptions options) {
        if (options.shards() == 1) {
            return shard(name, options);
        }
        List<RedisTaskQueue> shards = new ArrayList<>(options.shards());
        QueueOptions each = QueueOptions.builder().priorities(options.priorities()).build();
        for (int i = 0; i < options.shards(); i++) {
            shards.add(shard(ShardedTaskQueue.shardName(name, i), each));
        }
        return new ShardedTaskQueue(name, options, shards);
    }

    private RedisTaskQueue shard(String name, QueueOptions options) {
        return new RedisTaskQueue(new QueueContext(redisson, QueueKeys.of(prefix, name, options.priorities().levels()),
                scripts, codec, maxPayloadBytes, uniqueTtl, retention, options.priorities()), options);
    }

    /**
     * The names of the queues used with this key prefix (registered by producers, workers and
     * pause/resume), read from one SET rather than by scanning keys.
     *
     * @throws QueueUnavailableException if Redis cannot be reached
     */
    public Set<String> queueNames() {
        try {
            return new TreeSet<>(redisson.<String>getSet(QueueKeys.registry(prefix), StringCodec.INSTANCE)
                    .readAll());
        } catch (RedisException e) {
            throw new QueueUnavailableException("could not read the queue names: " + e.getMessage(), e);
        }
    }

    /** The key prefix of every queue of this instance ({@value #DEFAULT_PREFIX} unless set on the builder). */
    public String keyPrefix() {
        return prefix;
    }

    /** The underlying Redisson client (for advanced use; redq reads and writes strings only). */
    public RedissonClient redisson() {
        return redisson;
    }

    /** Shuts down the Redis client if this instance created it. */
    @Override
    public void close() {
        if (ownsClient) {
            redisson.shutdown(0, 5, TimeUnit.SECONDS);
        }
    }

    /**
     * Connection settings for {@link RedQ}; every setter checks its argument at once and names it
     * when it is wrong. Where to connect is one of {@link #url(String)}, {@link #sentinel(String,
     * String...)}, {@link #cluster(String...)} or {@link #redisson(RedissonClient)}; the last call wins.
     */
    public static final class Builder {
        private RedisUrl target;
        private RedissonClient client;
        private boolean tls;
        private String username;
        private String password;
        private String sentinelUsername;
        private String sentinelPassword;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration topologyScanInterval = DEFAULT_TOPOLOGY_SCAN_INTERVAL;
        private Path caCertificate;
        private Path trustStore;
        private String trustStorePassword;
        private boolean verifyHostname = true;
        private String prefix = DEFAULT_PREFIX;
        private int maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;
        private Duration uniqueTtl = DEFAULT_UNIQUE_TTL;
        private ObjectMapper objectMapper;
        private DeadLetterRetention retention = DeadLetterRetention.keepAll();

        private Builder() {
        }

        /** How many dead-letter records each queue keeps, and how long (default: all, forever). */
        public Builder deadLetterRetention(DeadLetterRetention retention) {
            this.retention = Objects.requireNonNull(retention, "retention must not be null");
            return this;
        }

        /**
         * Where to connect, as a URL; user and password may be in it ({@code user:password@}, %-escaped;
         * a lone {@code secret@} is a password). The forms:
         * <ul>
         *   <li>one server: {@code redis://host:6379/0}, {@code rediss://host:6380} (TLS)</li>
         *   <li>Sentinel: {@code redis-sentinel://host1:26379,host2:26379/mymaster[/db]},
         *       {@code rediss-sentinel://...} (TLS to sentinels and servers)</li>
         *   <li>Cluster seed nodes: {@code redis-cluster://host1:7000,host2:7001},
         *       {@code rediss-cluster://...}</li>
         * </ul>
         * A port left out is 6379 (26379 for sentinels).
         *
         * @throws IllegalArgumentException naming the URL (password masked) and what is wrong with it
         */
        public Builder url(String redisUrl) {
            this.target = RedisUrl.parse(redisUrl);
            this.tls = target.tls();
            this.client = null;
            return this;
        }

        /**
         * Connects through Redis Sentinel: the sentinels are asked for the current master of the group
         * {@code masterName}, and the client follows a failover to the promoted replica.
         *
         * @param masterName the name in the sentinels' {@code sentinel monitor <name> ...}
         * @param sentinels  one or more {@code host:port} (port 26379 if left out)
         * @throws IllegalArgumentException if the name is blank or an address is not {@code host:port}
         */
        public Builder sentinel(String masterName, String... sentinels) {
            if (masterName == null || masterName.isBlank()) {
                throw new IllegalArgumentException("sentinel masterName must not be null or blank");
            }
            this.target = new RedisUrl(RedisUrl.Mode.SENTINEL, tls, nodes("sentinel", sentinels, 26379),
                    masterName, 0, null, null);
            this.client = null;
            return this;
        }

        /**
         * Connects to a Redis Cluster; the client learns every node and slot from the seed nodes
         * (any one that answers is enough) and follows failovers and slot moves.
         *
         * @param seedNodes one or more {@code host:port} of cluster nodes (port 6379 if left out)
         * @throws IllegalArgumentException if none is given or an address is not {@code host:port}
         */
        public Builder cluster(String... seedNodes) {
            this.target = new RedisUrl(RedisUrl.Mode.CLUSTER, tls, nodes("cluster seed node", seedNodes, 6379),
                    null, 0, null, null);
            this.client = null;
            return this;
        }

        private static List<String> nodes(String what, String[] addresses, int defaultPort) {
            if (addresses == null || addresses.length == 0) {
                throw new IllegalArgumentException("at least one " + what + " address is required");
            }
            List<String> nodes = new ArrayList<>();
            for (String a : addresses) {
                if (a == null || a.isBlank()) {
                    throw new IllegalArgumentException(what + " address must not be null or blank");
                }
                nodes.add(RedisUrl.hostPort(what + " address '" + a + "'", a.trim(), defaultPort));
            }
            return nodes;
        }

        /**
         * Whether to speak TLS (default: what the URL says, {@code rediss...}; plain text otherwise).
         * Applies to the server, sentinel or seed addresses given before or after this call.
         */
        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /**
         * The ACL user name (default: the one in the URL, else Redis' {@code default} user). Overrides
         * a user name in the URL.
         *
         * @throws IllegalArgumentException if blank
         */
        public Builder username(String username) {
            if (username == null || username.isBlank()) {
                throw new IllegalArgumentException("username must not be null or blank");
            }
            this.username = username;
            return this;
        }

        /** The password (default: the one in the URL, else none). Overrides a password in the URL. */
        public Builder password(String password) {
            this.password = Objects.requireNonNull(password, "password must not be null");
            return this;
        }

        /**
         * User name and password for the sentinels themselves, if they require one (default: none);
         * {@link #username(String)} and {@link #password(String)} are for the Redis servers.
         */
        public Builder sentinelCredentials(String username, String password) {
            this.sentinelUsername = username;
            this.sentinelPassword = Objects.requireNonNull(password, "sentinel password must not be null");
            return this;
        }

        /**
         * How long a command may wait for its reply (default 5 s), 10 ms to 10 min. Blocking fetches
         * wait their own {@code fetchTimeout} on top. A command that times out is never re-sent.
         * When a master dies, a command already on the wire to it waits this long, so with Sentinel
         * or Cluster keep it no longer than {@code down-after-milliseconds} or
         * {@code cluster-node-timeout}: then it has timed out before the replica is promoted.
         */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = checkDuration("commandTimeout", timeout, Duration.ofMillis(10), Duration.ofMinutes(10));
            return this;
        }

        /** How long opening a connection may take (default 10 s), 10 ms to 10 min. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = checkDuration("connectTimeout", timeout, Duration.ofMillis(10), Duration.ofMinutes(10));
            return this;
        }

        /**
         * How often the client re-reads a Cluster's slots or a Sentinel group's master (default
         * {@link #DEFAULT_TOPOLOGY_SCAN_INTERVAL}, 1 s), 100 ms to 10 min; ignored for one server.
         * The client learns of a failover only from these scans, so this is the longest a promoted
         * replica goes unnoticed; workers resume within it plus their outage back-off (at most 1 s).
         * Each scan costs one {@code CLUSTER NODES} (Cluster) or a few {@code SENTINEL} queries
         * (Sentinel) per {@code RedQ}: lower it for a faster failover, raise it for many clients on a
         * large cluster.
         */
        public Builder topologyScanInterval(Duration interval) {
            this.topologyScanInterval = checkDuration("topologyScanInterval", interval, Duration.ofMillis(100),
                    Duration.ofMinutes(10));
            return this;
        }

        /**
         * Trusts the CA certificate(s) in this PEM file for TLS (default: the JVM's trust store), for a
         * server whose certificate a private CA signed.
         *
         * @throws IllegalArgumentException if the file is not readable
         */
        public Builder tlsCaCertificate(Path pemFile) {
            this.caCertificate = readable("tlsCaCertificate", pemFile);
            this.trustStore = null;
            return this;
        }

        /**
         * Trusts the certificates in this key store (PKCS12 or JKS) for TLS (default: the JVM's trust
         * store).
         *
         * @param password the store's password, or null if it has none
         * @throws IllegalArgumentException if the file is not readable
         */
        public Builder tlsTrustStore(Path file, String password) {
            this.trustStore = readable("tlsTrustStore", file);
            this.trustStorePassword = password;
            this.caCertificate = null;
            return this;
        }

        /**
         * Whether TLS checks that the server's certificate names the host connected to (default true).
         * Turn off only for servers reached by an address their certificate does not list; the chain
         * is still checked against the trusted CAs.
         */
        public Builder tlsVerifyHostname(boolean verify) {
            this.verifyHostname = verify;
            return this;
        }

        /**
         * Applies settings from a map, e.g. loaded from a file; keys start with {@code redq.}:
         * {@code redq.url}, {@code redq.username}, {@code redq.password}, {@code redq.sentinel.username},
         * {@code redq.sentinel.password}, {@code redq.commandTimeout}, {@code redq.connectTimeout},
         * {@code redq.topologyScanInterval} (durations as {@code 500ms}, {@code 5s}, {@code 2m} or ISO-8601
         * {@code PT5S}), {@code redq.tls}, {@code redq.tls.caCertificate}, {@code redq.tls.trustStore},
         * {@code redq.tls.trustStorePassword}, {@code redq.tls.verifyHostname}, {@code redq.keyPrefix},
         * {@code redq.maxPayloadBytes}, {@code redq.uniqueTtl}. Other keys are ignored.
         *
         * @throws IllegalArgumentException naming the key of an unknown {@code redq.*} key or a bad value
         */
        public Builder properties(Map<String, String> properties) {
            ConnectionProperties.apply(this, Objects.requireNonNull(properties, "properties must not be null"),
                    false);
            return this;
        }

        /**
         * Applies settings from environment variables: the {@link #properties(Map) property} names in
         * upper case with {@code _} for dots and word breaks: {@code REDQ_URL}, {@code REDQ_PASSWORD},
         * {@code REDQ_COMMAND_TIMEOUT}, {@code REDQ_TLS_CA_CERTIFICATE}, ... Other variables, including
         * unknown {@code REDQ_*} ones, are ignored.
         *
         * @throws IllegalArgumentException naming the variable whose value is bad
         */
        public Builder environment(Map<String, String> env) {
            ConnectionProperties.apply(this, Objects.requireNonNull(env, "env must not be null"), true);
            return this;
        }

        /**
         * Uses an existing Redisson client instead of a URL; {@link RedQ#close()} leaves it open.
         * Configure it with {@code setRetryAttempts(0)}: Redisson re-sends a command whose reply timed
         * out, and a re-sent fetch script loses the tasks its first run moved until the orphan check
         * returns them.
         */
        public Builder redisson(RedissonClient client) {
            this.client = Objects.requireNonNull(client, "client must not be null");
            return this;
        }

        /** The key prefix (default "redq"); no braces or spaces. */
        public Builder keyPrefix(String prefix) {
            QueueKeys.of(prefix, "check");
            this.prefix = prefix;
            return this;
        }

        /** Largest payload JSON enqueue accepts, in bytes (default 1 MiB), 1 byte to 512 MiB. */
        public Builder maxPayloadBytes(int bytes) {
            if (bytes < 1 || bytes > 512 * 1024 * 1024) {
                throw new IllegalArgumentException("maxPayloadBytes must be between 1 and 536870912, was " + bytes);
            }
            this.maxPayloadBytes = bytes;
            return this;
        }

        /** Longest time a unique key is held (default 24 h), at least 1 second. */
        public Builder uniqueTtl(Duration ttl) {
            Objects.requireNonNull(ttl, "uniqueTtl must not be null");
            if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("uniqueTtl must be at least 1 second, was " + ttl);
            }
            this.uniqueTtl = ttl;
            return this;
        }

        /** The Jackson mapper for payloads (default {@link RedQ#defaultMapper()}). Never use default typing. */
        public Builder objectMapper(ObjectMapper mapper) {
            this.objectMapper = Objects.requireNonNull(mapper, "objectMapper must not be null");
            return this;
        }

        /**
         * Connects: to one server, or asks the sentinels for the master, or reads the cluster's slots
         * from a seed node, within {@code connectTimeout}.
         *
         * @throws IllegalStateException if no target was given, or TLS or Sentinel settings were given
         *                               for a target that does not use them
         * @throws RedisConnectException if the connection failed; the message says why (nothing
         *                               answered, no such Sentinel master, authentication failed)
         */
        public RedQ build() {
            if (client != null) {
                return new RedQ(this, client, false);
            }
            return new RedQ(this, Connector.connect(settings()), true);
        }

        private Connector.Settings settings() {
            if (target == null) {
                throw new IllegalStateException("set url(...), sentinel(...), cluster(...) or redisson(...) before build()");
            }
            RedisUrl t = new RedisUrl(target.mode(), tls, target.nodes(), target.masterName(), target.database(),
                    target.username(), target.password());
            if (!tls && (caCertificate != null || trustStore != null)) {
                throw new IllegalStateException("a TLS trust setting was given but " + t
                        + " does not use TLS: use rediss://, rediss-sentinel://, rediss-cluster:// or tls(true)");
            }
            if (t.mode() != RedisUrl.Mode.SENTINEL && sentinelPassword != null) {
                throw new IllegalStateException("sentinelCredentials(...) were given but " + t + " is not a Sentinel group");
            }
            return new Connector.Settings(t, username != null ? username : t.username(),
                    password != null ? password : t.password(), sentinelUsername, sentinelPassword, commandTimeout,
                    connectTimeout, topologyScanInterval, caCertificate, trustStore, trustStorePassword,
                    verifyHostname);
        }

        private static Duration checkDuration(String name, Duration d, Duration min, Duration max) {
            Objects.requireNonNull(d, name + " must not be null");
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new IllegalArgumentException(name + " must be between " + min.toMillis() + " ms and "
                        + max.toMinutes() + " min, was " + d);
            }
            return d;
        }

        private static Path readable(String name, Path file) {
            Objects.requireNonNull(file, name + " must not be null");
            if (!Files.isReadable(file) || Files.isDirectory(file)) {
                throw new IllegalArgumentException(name + " " + file + " is not a readable file");
            }
            return file;
        }
    }
}
