package io.redq.core.internal;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Generates task ids: UUID version 7 (RFC 9562) with a 12-bit counter within the millisecond
 * (method 1), so ids are unique across JVMs without coordination and strictly increasing within
 * one JVM: tasks enqueued in a row sort in enqueue order.
 */
public final class TaskIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int COUNTER_LIMIT = 1 << 12;

    private static long lastMillis;
    private static int counter;

    private TaskIds() {
    }

    /** A new time-ordered id, e.g. {@code 0192d4a8-6f1e-7c3a-9b1d-2a4e5f607182}. */
    public static String next() {
        long millis;
        int seq;
        synchronized (TaskIds.class) {
            long now = System.currentTimeMillis();
            if (now > lastMillis) {
                lastMillis = now;
                counter = RANDOM.nextInt(COUNTER_LIMIT / 2); // leave room to count up within the ms
            } else if (++counter >= COUNTER_LIMIT) {
                lastMillis++; // borrow the next millisecond rather than repeat or go backwards
                counter = 0;
            }
            millis = lastMillis;
            seq = counter;
        }
        long msb = (millis << 16) | (0x7L << 12) | seq;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
