package io.redq.examples;

import io.redq.TaskQueue;
import io.redq.core.RedQ;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** What the examples share: waiting for an outcome without fixed sleeps, and removing a queue's keys. */
final class Support {

    private Support() {
    }

    /**
     * Polls {@code done} every 20 ms until it is true.
     *
     * @throws IllegalStateException naming {@code what} if it is still false after {@code limit}
     */
    static void until(Duration limit, String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out after " + limit + " waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    /**
     * Connects to {@code redis}; if that fails, stops the throw-away server if there is one, prints one
     * line that names the URL (password hidden) and why, and exits with status 1: a user who mistyped
     * {@code REDIS_URL} needs no stack trace.
     */
    static RedQ connect(LocalRedis redis) {
        try {
            return RedQ.connect(redis.url());
        } catch (RuntimeException e) {
            redis.close();
            return cannotConnect(redis.url(), e);
        }
    }

    /** The same for a URL the user gave. */
    static RedQ connect(String url) {
        try {
            return RedQ.connect(url);
        } catch (RuntimeException e) {
            return cannotConnect(url, e);
        }
    }

    private static RedQ cannotConnect(String url, RuntimeException e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String why = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        return fail("cannot connect to Redis at " + LocalRedis.masked(url) + ": " + why
                + " (set REDIS_URL to a Redis that answers, or unset it to use a local one)");
    }

    /** Prints {@code message} to standard error as one line and exits with status 1. */
    static <T> T fail(String message) {
        System.err.println("error: " + message);
        System.exit(1);
        throw new AssertionError("unreachable");
    }

    /** Deletes every key of the queue (SCAN + DEL, never KEYS); returns how many there were. */
    static long deleteKeys(RedQ redq, TaskQueue queue) {
        return redq.redisson().getKeys().deleteByPattern(keyPattern(queue));
    }

    /** The pattern that matches every key of a queue with the default prefix. */
    static String keyPattern(TaskQueue queue) {
        return "redq:{" + queue.name() + "}:*";
    }
}
