package io.redq.core.internal;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Generates task ids: UUID version 7 (RFC 9562), so ids sort by creation time and are unique
 * across JVMs without coordination.
 */
public final class TaskIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TaskIds() {
    }

    /** A new time-ordered id, e.g. {@code 0192d4a8-6f1e-7c3a-9b1d-2a4e5f607182}. */
    public static String next() {
        long millis = System.currentTimeMillis();
        long randA = RANDOM.nextInt(1 << 12);
        long msb = (millis << 16) | (0x7L << 12) | randA;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
