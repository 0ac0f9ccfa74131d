package io.redq.core.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/** Names consumers {@code <host>-<pid>-<random>} so an operator can tell which process holds a lease. */
final class ConsumerIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ConsumerIds() {
    }

    /** The host name without a DNS lookup: $HOSTNAME, else the kernel's (Linux), else "host". */
    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            } catch (IOException | RuntimeException e) {
                host = "";
            }
        }
        return host.isBlank() ? "host" : host;
    }

    static String next() {
        String host = hostName();
        host = host.replaceAll("[^A-Za-z0-9.-]", "_");
        if (host.length() > 64) {
            host = host.substring(0, 64);
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + Long.toString(RANDOM.nextLong() >>> 16, 36);
    }
}
