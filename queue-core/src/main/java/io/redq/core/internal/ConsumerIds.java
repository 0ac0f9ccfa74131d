package io.redq.core.internal;

import java.security.SecureRandom;

/** Names consumers {@code <host>-<pid>-<random>} so an operator can tell which process holds a lease. */
final class ConsumerIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ConsumerIds() {
    }

    static String next() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            host = "host";
        }
        host = host.replaceAll("[^A-Za-z0-9.-]", "_");
        if (host.length() > 64) {
            host = host.substring(0, 64);
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + Long.toString(RANDOM.nextLong() >>> 16, 36);
    }
}
