package io.redq.core.internal;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns when the Redis server may evict keys: with a {@code maxmemory-policy} other than
 * {@code noeviction}, a full Redis deletes tasks, leases and dead-letter records without an error,
 * which breaks every guarantee. Checked once per Redis client, when its first worker starts.
 */
final class MemoryPolicyCheck {

    private static final Logger log = LoggerFactory.getLogger(MemoryPolicyCheck.class);
    private static final Set<RedissonClient> CHECKED = Collections.newSetFromMap(new WeakHashMap<>());
    private static final String INFO_MEMORY = "return redis.call('INFO', 'memory')";

    private MemoryPolicyCheck() {
    }

    /**
     * Reads {@code INFO memory} on the node holding the queue and logs a warning if its policy evicts.
     * A server that refuses INFO, or does not answer, is only noted at debug level.
     */
    static void warnIfEvicting(QueueContext ctx) {
        synchronized (CHECKED) {
            if (!CHECKED.add(ctx.redisson())) {
                return;
            }
        }
        String info;
        try {
            String routing = ctx.keys().consumers(); // the node that holds this queue's keys
            info = ctx.redisson().getScript(StringCodec.INSTANCE).eval(routing, RScript.Mode.READ_ONLY, INFO_MEMORY,
                    RScript.ReturnType.VALUE, List.of(routing));
        } catch (RuntimeException e) {
            log.debug("Could not read INFO memory to check maxmemory-policy: {}", e.toString());
            return;
        }
        Map<String, String> fields = parse(info);
        String policy = fields.get("maxmemory_policy");
        if (policy == null || policy.equals("noeviction")) {
            return;
        }
        log.warn("Redis maxmemory-policy is '{}' (maxmemory {}): when Redis reaches maxmemory it evicts keys, and"
                        + " tasks, leases and dead-letter records of queue '{}' can vanish without an error. Set"
                        + " maxmemory-policy noeviction so a full Redis refuses new tasks instead (docs/operations.md)",
                policy, fields.getOrDefault("maxmemory", "unknown"), ctx.queue());
    }

    /** The {@code field:value} lines of an INFO reply. */
    static Map<String, String> parse(String info) {
        Map<String, String> out = new java.util.HashMap<>();
        if (info == null) {
            return out;
        }
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                out.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return out;
    }
}
