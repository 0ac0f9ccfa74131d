package io.redq.core.internal;

import org.redisson.client.RedisOutOfMemoryException;

/**
 * Tells apart the Redis errors that call for their own handling. Redis over {@code maxmemory}
 * with {@code maxmemory-policy noeviction} answers writes that could grow memory with "OOM";
 * that is not an outage to wait out but a full server that workers can drain.
 */
final class RedisErrors {

    private RedisErrors() {
    }

    /** True if {@code e} (or a cause) is Redis refusing a command because it is over maxmemory. */
    static boolean isOutOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RedisOutOfMemoryException
                    || t.getMessage() != null && t.getMessage().contains("OOM command not allowed")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
