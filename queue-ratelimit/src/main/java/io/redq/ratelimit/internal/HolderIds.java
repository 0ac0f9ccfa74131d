package io.redq.ratelimit.internal;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Names the holders of concurrency permits: {@code <pid>-<random>-<sequence>}, unique across JVMs
 * and restarts, and readable enough for an operator to tell which process holds a permit.
 */
final class HolderIds {

    private static final String PROCESS = ProcessHandle.current().pid() + "-" + randomPart();
    private static final AtomicLong SEQ = new AtomicLong();

    private HolderIds() {
    }

    static String next() {
        return PROCESS + "-" + SEQ.incrementAndGet();
    }

    private static String randomPart() {
        byte[] bytes = new byte[6];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
