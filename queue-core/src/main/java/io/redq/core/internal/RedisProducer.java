package io.redq.core.internal;

import io.redq.Envelope;
import io.redq.Producer;
import io.redq.QueueUnavailableException;
import io.redq.TaskRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.redisson.api.RBatch;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.codec.StringCodec;

/**
 * Puts tasks on the ready list with LPUSH (one command per call, however many tasks; concurrent
 * single enqueues share one, see {@link PushCombiner}), or with one script when a unique key must
 * be taken first. Every argument is checked before anything is sent.
 */
public final class RedisProducer implements Producer {

    /** Longest task type name accepted. */
    public static final int MAX_TYPE_LENGTH = 200;
    /** Longest unique key accepted. */
    public static final int MAX_UNIQUE_KEY_LENGTH = 512;

    /** Most replicas a durable producer may wait for. */
    public static final int MAX_REPLICAS = 100;
    /** Longest a durable producer may wait for its replicas. */
    public static final Duration MAX_REPLICA_TIMEOUT = Duration.ofMinutes(1);

    private final QueueContext ctx;
    private final PushCombiner combiner;
    /** Null for a plain producer; else the replicas every write waits for. */
    private final Replication replication;

    private volatile boolean registered;

    public RedisProducer(QueueContext ctx) {
        this(ctx, null);
    }

    private RedisProducer(QueueContext ctx, Replication replication) {
        this.ctx = ctx;
        this.replication = replication;
        this.combiner = new PushCombiner(this::send,
                e -> e instanceof RedisTimeoutException || e instanceof RedisConnectionException);
    }

    @Override
    public Producer durable(int replicas, Duration timeout) {
        if (replicas < 1 || replicas > MAX_REPLICAS) {
            throw new IllegalArgumentException("replicas must be between 1 and " + MAX_REPLICAS + ", was " + replicas);
        }
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.toMillis() < 1 || timeout.compareTo(MAX_REPLICA_TIMEOUT) > 0) {
            throw new IllegalArgumentException("timeout must be between 1 ms and " + MAX_REPLICA_TIMEOUT + ", was "
                    + timeout);
        }
        return new RedisProducer(ctx, new Replication(replicas, timeout));
    }

    /** Runs an enqueue script, waiting for the replicas if this producer is durable. */
    private <R> R runScript(Scripts.Script script, List<Object> keys, Object... args) {
        return replication == null ? ctx.scripts().run(script, keys, args)
                : ctx.scripts().runReplicated(script, replication, keys, args);
    }

    /** Adds the queue to the registry of queue names once, so tools can list queues without SCAN. */
    private void register() {
        if (!registered) {
            ctx.redisson().getSet(QueueKeys.registry(ctx.keys().prefix()), StringCodec.INSTANCE)
                    .addAsync(ctx.queue()).thenRun(() -> registered = true);
        }
    }

    @Override
    public String enqueue(String type, Object payload) {
        int level = ctx.priorities().defaultLevel();
        Envelope e = envelope(type, payload, null, Map.of(), level);
        pushOne(level, ctx.codec().encode(e), e.id());
        return e.id();
    }

    @Override
    public Optional<String> enqueue(TaskRequest request) {
        Objects.requireNonNull(request, "request must not be null");
        String uniqueKey = request.uniqueKey();
        if (uniqueKey != null) {
            validateUniqueKey(uniqueKey);
        }
        int level = level(request);
        Envelope e = envelope(request.type(), request.payload(), uniqueKey, request.headers(), level);
        String raw = ctx.codec().encode(e);
        if (request.delay() != null || request.runAt() != null) {
            return enqueueDelayed(request, e, raw);
        }
        if (uniqueKey == null) {
            pushOne(level, raw, e.id());
            return Optional.of(e.id());
        }
        long added;
        try {
            added = runScript(Scripts.Script.ENQUEUE_UNIQUE,
                    List.of(ctx.keys().ready(level), ctx.keys().unique(uniqueKey), ctx.keys().wake()),
                    raw, e.id(), String.valueOf(ctx.uniqueTtl().toMillis()), ctx.wakeFlag());
        } catch (RuntimeException ex) {
            throw unavailable(e.id(), ex);
        }
        return added == 1 ? Optional.of(e.id()) : Optional.empty();
    }

    private Optional<String> enqueueDelayed(TaskRequest request, Envelope e, String raw) {
        boolean relative = request.delay() != null;
        long value = relative ? request.delay().toMillis() : request.runAt().toEpochMilli();
        String uniqueKey = e.uniqueKey();
        long due;
        try {
            due = runScript(Scripts.Script.ENQUEUE_DELAYED,
                    List.of(ctx.keys().delayed(), uniqueKey != null ? ctx.keys().unique(uniqueKey) : ctx.keys().delayed()),
                    raw, relative ? "in" : "at", String.valueOf(value), uniqueKey != null ? e.id() : "",
                    String.valueOf(ctx.uniqueTtl().toMillis()), ctx.keys().delayedWakeChannel());
        } catch (RuntimeException ex) {
            throw unavailable(e.id(), ex);
        }
        return due == 0 ? Optional.empty() : Optional.of(e.id());
    }

    private int level(TaskRequest request) {
        if (request.priority() != null) {
            return ctx.priorities().checkLevel(request.priority());
        }
        if (request.priorityName() != null) {
            return ctx.priorities().level(request.priorityName());
        }
        return ctx.priorities().defaultLevel();
    }

    @Override
    public List<String> enqueueAll(String type, Collection<?> payloads) {
        return enqueueAll(type, payloads, ctx.priorities().defaultLevel());
    }

    @Override
    public List<String> enqueueAll(String type, Collection<?> payloads, int priority) {
        int level = ctx.priorities().checkLevel(priority);
        if (payloads == null || payloads.isEmpty()) {
            throw new IllegalArgumentException("payloads must not be null or empty");
        }
        List<String> ids = new ArrayList<>(payloads.size());
        List<String> raws = new ArrayList<>(payloads.size());
        int index = 0;
        for (Object payload : payloads) {
            Envelope e;
            try {
                e = envelope(type, payload, null, Map.of(), level);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("payloads[" + index + "]: " + ex.getMessage(), ex);
            }
            ids.add(e.id());
            raws.add(ctx.codec().encode(e));
            index++;
        }
        push(level, raws, ids.get(0));
        return ids;
    }

    /** One task, sent together with those other threads enqueue at the same moment ({@link PushCombiner}). */
    private void pushOne(int level, String raw, String id) {
        register();
        try {
            combiner.push(level, raw);
        } catch (RuntimeException ex) {
            throw unavailable(id, ex);
        }
    }

    /** Many tasks of one call, in one command. */
    private void push(int level, List<String> raws, String firstId) {
        register();
        try {
            send(level, raws);
        } catch (RuntimeException ex) {
            throw unavailable(firstId, ex);
        }
    }

    /** One LPUSH (one level) or one script call (several levels: it also leaves the wake-up token). */
    private void send(int level, List<String> raws) {
        if (ctx.multiLevel()) {
            runScript(Scripts.Script.ENQUEUE_READY, List.of(ctx.keys().ready(level), ctx.keys().wake()),
                    raws.toArray());
        } else if (replication != null) {
            RBatch batch = ctx.redisson().createBatch(replication.batchOptions());
            batch.<String>getDeque(ctx.keys().ready(0), StringCodec.INSTANCE).addFirstAsync(raws.toArray(new String[0]));
            replication.check(batch.execute());
        } else {
            ctx.redisson().<String>getDeque(ctx.keys().ready(0), StringCodec.INSTANCE)
                    .addFirst(raws.toArray(new String[0]));
        }
    }

    private Envelope envelope(String type, Object payload, String uniqueKey, Map<String, String> headers,
                              int level) {
        validateType(type);
        if (payload == null) {
            throw new IllegalArgumentException("payload must not be null (task type '" + type + "')");
        }
        String json = ctx.codec().payloadToJson(payload);
        int bytes = EnvelopeCodec.utf8Length(json);
        if (bytes > ctx.maxPayloadBytes()) {
            throw new IllegalArgumentException("payload of task type '" + type + "' is " + bytes
                    + " bytes of JSON, over the limit of " + ctx.maxPayloadBytes()
                    + " bytes (RedQ.Builder.maxPayloadBytes); store large data elsewhere and enqueue a reference");
        }
        return Envelope.builder()
                .id(TaskIds.next())
                .type(type)
                .payload(json)
                .enqueuedAt(System.currentTimeMillis())
                .priority(level)
                .uniqueKey(uniqueKey)
                .headers(headers)
                .build();
    }

    /** Checks a task type name: not blank, at most 200 characters, no control characters. */
    public static void validateType(String type) {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("type must not be null or blank");
        }
        if (type.length() > MAX_TYPE_LENGTH) {
            throw new IllegalArgumentException("type must be at most " + MAX_TYPE_LENGTH + " characters, was "
                    + type.length());
        }
        if (type.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("type '" + type + "' must not contain control characters");
        }
    }

    private static void validateUniqueKey(String key) {
        if (key.isBlank() || key.length() > MAX_UNIQUE_KEY_LENGTH) {
            throw new IllegalArgumentException("uniqueKey must be non-blank and at most " + MAX_UNIQUE_KEY_LENGTH
                    + " characters");
        }
    }

    private QueueUnavailableException unavailable(String id, RuntimeException cause) {
        String outcome;
        if (cause instanceof Replication.NotReplicatedException) {
            return new QueueUnavailableException("task " + id + " of queue '" + ctx.queue() + "' is on the Redis"
                    + " master, but only " + cause.getMessage() + ": it would be lost if the master failed now."
                    + " Retrying may enqueue it twice; enqueue with a unique key to retry safely", cause);
        }
        if (cause instanceof PushCombiner.NotSentException) {
            outcome = "Redis did not answer within the command timeout (is it frozen or overloaded?) while this task"
                    + " waited to be sent behind another enqueue, so it was not sent and not enqueued; retry the"
                    + " call once Redis answers";
        } else if (RedisErrors.isOutOfMemory(cause)) {
            outcome = "Redis is out of memory: its used memory is over maxmemory and maxmemory-policy"
                    + " noeviction refuses new writes, so the task was not enqueued; let workers drain the queue,"
                    + " raise maxmemory or free memory, then retry";
        } else if (cause instanceof RedisTimeoutException) {
            outcome = "Redis did not answer within the command timeout (is it frozen or overloaded?), so the write"
                    + " may or may not have happened; enqueue with a unique key to retry safely";
        } else {
            outcome = "Redis could not be reached, so the task was not enqueued; retry the call once Redis is"
                    + " reachable";
        }
        return new QueueUnavailableException("could not enqueue task " + id + " on queue '" + ctx.queue() + "': "
                + outcome + " (" + abbreviate(cause.getMessage()) + ")", cause);
    }

    /** The client's message, which may quote the whole command with its payloads, cut to a readable length. */
    private static String abbreviate(String message) {
        if (message == null) {
            return "no message";
        }
        return message.length() <= 300 ? message : message.substring(0, 300) + "...";
    }
}
