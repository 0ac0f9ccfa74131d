package io.redq.ratelimit.internal;

import io.redq.core.internal.QueueKeys;
import java.util.Objects;

/**
 * Builds every Redis key of the limiters. Each limiter has one key, hash-tagged by its name so a
 * cluster routes all its calls to one slot; a queue's rate key shares the queue's tag, next to the
 * queue's own keys: {@code <prefix>:limit:{<name>}:rate}, {@code <prefix>:limit:{<name>}:concurrency},
 * {@code <prefix>:{<queue>}:rate}.
 */
final class LimitKeys {

    /** Longest limiter name accepted. */
    static final int MAX_NAME_LENGTH = 200;

    private final String prefix;

    LimitKeys(String prefix) {
        Objects.requireNonNull(prefix, "keyPrefix must not be null");
        if (prefix.isEmpty() || prefix.contains("{") || prefix.contains("}") || prefix.contains(" ")) {
            throw new IllegalArgumentException("keyPrefix '" + prefix + "' must be non-empty and contain no braces or spaces");
        }
        this.prefix = prefix;
    }

    String rate(String name) {
        return prefix + ":limit:{" + validName(name) + "}:rate";
    }

    String concurrency(String name) {
        return prefix + ":limit:{" + validName(name) + "}:concurrency";
    }

    String queueRate(String queue) {
        QueueKeys.validateQueueName(queue);
        return prefix + ":{" + queue + "}:rate";
    }

    /** Checks a limiter name: non-empty, at most 200 characters, no braces, whitespace or control characters. */
    static String validName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("limiter name must not be null or empty");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("limiter name must be at most " + MAX_NAME_LENGTH
                    + " characters, was " + name.length());
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '{' || c == '}' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException("limiter name '" + name
                        + "' must not contain braces, whitespace or control characters (at index " + i + ")");
            }
        }
        return name;
    }
}
