package io.redq.it;

import io.redq.test.RedisServer;
import java.util.Map;
import java.util.TreeMap;

/** Reads {@code INFO errorstats} of servers: which error replies they sent, and how many. */
final class ErrorStats {

    private ErrorStats() {
    }

    /** Error name (e.g. {@code CROSSSLOT}) → count, for one running server. */
    static Map<String, Long> of(RedisServer server) {
        Map<String, Long> counts = new TreeMap<>();
        for (String line : server.command("INFO", "errorstats").lines().toList()) {
            if (line.startsWith("errorstat_")) {
                String name = line.substring("errorstat_".length(), line.indexOf(':'));
                counts.put(name, Long.parseLong(line.substring(line.indexOf("count=") + 6).trim()));
            }
        }
        return counts;
    }
}
