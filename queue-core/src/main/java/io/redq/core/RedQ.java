package io.redq.core;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redq.QueueOptions;
import io.redq.QueueUnavailableException;
import io.redq.TaskQueue;
import io.redq.core.internal.EnvelopeCodec;
import io.redq.core.internal.QueueContext;
import io.redq.core.internal.QueueKeys;
import io.redq.core.internal.RedisTaskQueue;
import io.redq.core.internal.Scripts;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

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
     * @param redisUrl e.g. {@code redis://localhost:6379}, {@code rediss://user:pass@host:6380/0}
     * @throws IllegalArgumentException if the URL is blank or not a redis:// or rediss:// URL
     */
    public static RedQ connect(String redisUrl) {
        return builder().url(redisUrl).build();
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
     * and worker of a queue, in every JVM, must use the same options.
     *
     * @throws IllegalArgumentException if the name is invalid (see {@link #queue(String)})
     * @throws IllegalStateException if this RedQ already opened the queue with other options
     */
    public TaskQueue queue(String name, QueueOptions options) {
        QueueKeys.validateQueueName(name);
        Objects.requireNonNull(options, "options must not be null");
        TaskQueue q = queues.computeIfAbsent(name, n -> new RedisTaskQueue(new QueueContext(redisson,
                QueueKeys.of(prefix, n, options.priorities().levels()), scripts, codec, maxPayloadBytes, uniqueTtl,
                retention, options.priorities()), options));
        if (!q.options().equals(options)) {
            throw new IllegalStateException("queue '" + name + "' is already open with " + q.options().priorities()
                    + "; open it with the same options everywhere");
        }
        return q;
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

    /** Connection settings for {@link RedQ}; every setter checks its argument. */
    public static final class Builder {
        private String url;
        private RedissonClient client;
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

        /** The Redis URL, {@code redis://} or {@code rediss://} (TLS); user and password may be in it. */
        public Builder url(String redisUrl) {
            if (redisUrl == null || redisUrl.isBlank()) {
                throw new IllegalArgumentException("redisUrl must not be null or blank");
            }
            if (!redisUrl.startsWith("redis://") && !redisUrl.startsWith("rediss://")) {
                throw new IllegalArgumentException("redisUrl must start with redis:// or rediss://, was '"
                        + redisUrl + "'");
            }
            this.url = redisUrl;
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
         * Connects.
         *
         * @throws IllegalStateException if neither a URL nor a client was given
         */
        public RedQ build() {
            if (client != null) {
                return new RedQ(this, client, false);
            }
            if (url == null) {
                throw new IllegalStateException("set url(...) or redisson(...) before build()");
            }
            Config config = new Config();
            config.setCodec(StringCodec.INSTANCE);
            // No client-side retries: a command that timed out may still have run, and re-sending a
            // non-idempotent script (fetch, enqueue) would lose its first reply or write twice. redq's
            // own loops retry where that is safe, and producers get the exception.
            config.useSingleServer().setAddress(url).setConnectionMinimumIdleSize(2).setTimeout(5_000)
                    .setRetryAttempts(0);
            return new RedQ(this, Redisson.create(config), true);
        }
    }
}
