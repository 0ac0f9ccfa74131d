package io.redq.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds every Redis key of one queue. All keys share the hash tag {@code {<queue>}} so they sit in
 * one cluster slot and any Lua script may touch them together: {@code <prefix>:{<queue>}:<type>[:<sub>]}.
 */
public final class QueueKeys {

    /** Longest queue name accepted. */
    public static final int MAX_QUEUE_NAME_LENGTH = 200;

    private final String prefix;
    private final String queue;
    private final String base;
    private final List<Object> readyLists;

    private QueueKeys(String prefix, String queue, int levels) {
        this.prefix = prefix;
        this.queue = queue;
        this.base = prefix + ":{" + queue + "}:";
        List<Object> lists = new ArrayList<>(levels);
        for (int level = 0; level < levels; level++) {
            lists.add(levels == 1 ? base + "ready" : base + "ready:" + level);
        }
        this.readyLists = List.copyOf(lists);
    }

    /**
     * Keys of a queue with one priority level.
     *
     * @throws IllegalArgumentException if the prefix or the queue name is invalid
     */
    public static QueueKeys of(String prefix, String queue) {
        return of(prefix, queue, 1);
    }

    /**
     * Keys of a queue with {@code levels} priority levels.
     *
     * @throws IllegalArgumentException if the prefix or the queue name is invalid
     */
    public static QueueKeys of(String prefix, String queue, int levels) {
        validatePrefix(prefix);
        validateQueueName(queue);
        return new QueueKeys(prefix, queue, levels);
    }

    /** Checks a queue name: non-empty, at most 200 characters, no braces, whitespace or control characters. */
    public static void validateQueueName(String queue) {
        if (queue == null || queue.isEmpty()) {
            throw new IllegalArgumentException("queue name must not be null or empty");
        }
        if (queue.length() > MAX_QUEUE_NAME_LENGTH) {
            throw new IllegalArgumentException("queue name must be at most " + MAX_QUEUE_NAME_LENGTH
                    + " characters, was " + queue.length());
        }
        for (int i = 0; i < queue.length(); i++) {
            char c = queue.charAt(i);
            if (c == '{' || c == '}' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException("queue name '" + queue
                        + "' must not contain braces, whitespace or control characters (at index " + i + ")");
            }
        }
    }

    private static void validatePrefix(String prefix) {
        Objects.requireNonNull(prefix, "key prefix must not be null");
        if (prefix.isEmpty() || prefix.contains("{") || prefix.contains("}") || prefix.contains(" ")) {
            throw new IllegalArgumentException("key prefix '" + prefix
                    + "' must be non-empty and contain no braces or spaces");
        }
    }

    public String queue() {
        return queue;
    }

    public String prefix() {
        return prefix;
    }

    /**
     * LIST of tasks of one level waiting to run; producers LPUSH, consumers take from the right.
     * {@code ready} for a queue without priorities, {@code ready:<level>} with them.
     */
    public String ready(int level) {
        return (String) readyLists.get(level);
    }

    /** Every ready list, level 0 (most urgent) first. */
    public List<Object> readyLists() {
        return readyLists;
    }

    /** Number of priority levels (1 without priorities). */
    public int levels() {
        return readyLists.size();
    }

    /** LIST holding at most one token: set when work arrives on a multi-level queue, popped by an idle worker. */
    public String wake() {
        return base + "wake";
    }

    /** LIST of tasks one consumer has taken and not yet acknowledged. */
    public String active(String consumerId) {
        return base + "active:" + consumerId;
    }

    /** ZSET consumer id → lease expiry (Redis server time, ms). */
    public String consumers() {
        return base + "consumers";
    }

    /** ZSET raw envelope → due time (Redis server time, ms). */
    public String delayed() {
        return base + "delayed";
    }

    /** Pub/sub channel (not a key) on which workers hear that a delayed task became the next one due. */
    public String delayedWakeChannel() {
        return base + "delayed:wake";
    }

    /** STRING present while the queue is paused (workers take no new tasks). */
    public String paused() {
        return base + "paused";
    }

    /** Pub/sub channel (not a key) on which workers hear "paused" and "resumed". */
    public String controlChannel() {
        return base + "control";
    }

    /** SET of every queue name used with this prefix, so tools can list queues without SCAN. */
    public static String registry(String prefix) {
        return prefix + ":queues";
    }

    /**
     * STRING counter of tasks acknowledged after a successful run (INCRBY in the ack script), for
     * throughput: never reset, a reader takes the difference of two samples.
     */
    public String completed() {
        return base + "completed";
    }

    /** ZSET task id → time of dead-lettering (Redis server time, ms). */
    public String dead() {
        return base + "dead";
    }

    /** HASH task id → dead-letter record JSON. */
    public String deadRecords() {
        return base + "dead:records";
    }

    /** STRING holding the id of the task that owns a unique key. */
    public String unique(String uniqueKey) {
        return base + "unique:" + uniqueKey;
    }
}
