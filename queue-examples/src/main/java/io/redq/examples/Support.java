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

    /** Deletes every key of the queue (SCAN + DEL, never KEYS); returns how many there were. */
    static long deleteKeys(RedQ redq, TaskQueue queue) {
        return redq.redisson().getKeys().deleteByPattern(keyPattern(queue));
    }

    /** The pattern that matches every key of a queue with the default prefix. */
    static String keyPattern(TaskQueue queue) {
        return "redq:{" + queue.name() + "}:*";
    }
}
