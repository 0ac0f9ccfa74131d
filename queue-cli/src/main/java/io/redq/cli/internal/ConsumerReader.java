package io.redq.cli.internal;

import io.redq.core.internal.QueueKeys;
import java.util.ArrayList;
import java.util.List;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Why: the public API does not list a queue's consumers yet, so this reads them from core's keys
 * (the consumers ZSET, scored by lease expiry in Redis server ms, and one active list per consumer)
 * until core offers it. Leases are compared with Redis {@code TIME}, read in the same script as
 * the ZSET, never with this JVM's clock.
 */
final class ConsumerReader {

    /** KEYS[1] consumers ZSET. Returns server time (seconds, microseconds) then member, score pairs. */
    private static final String READ_LEASES = """
            local t = redis.call('TIME')
            local out = {t[1], t[2]}
            local z = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
            for i = 1, #z do out[#out + 1] = z[i] end
            return out""";

    /** One consumer as an operator sees it. */
    record Consumer(String id, long leaseExpiresAt, long leaseLeftMs, long inFlight) {
        boolean alive() {
            return leaseLeftMs > 0;
        }
    }

    private ConsumerReader() {
    }

    static List<Consumer> read(RedissonClient redisson, QueueKeys keys) {
        List<Object> reply = redisson.getScript(StringCodec.INSTANCE).eval(keys.consumers(), RScript.Mode.READ_ONLY,
                READ_LEASES, RScript.ReturnType.LIST, List.<Object>of(keys.consumers()));
        long now = Long.parseLong((String) reply.get(0)) * 1000 + Long.parseLong((String) reply.get(1)) / 1000;
        List<String> ids = new ArrayList<>();
        List<Long> expiries = new ArrayList<>();
        for (int i = 2; i + 1 < reply.size(); i += 2) {
            ids.add((String) reply.get(i));
            expiries.add((long) Double.parseDouble((String) reply.get(i + 1)));
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        RBatch batch = redisson.createBatch();
        for (String id : ids) {
            batch.getList(keys.active(id), StringCodec.INSTANCE).sizeAsync();
        }
        List<?> sizes = batch.execute().getResponses();
        List<Consumer> out = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            out.add(new Consumer(ids.get(i), expiries.get(i), expiries.get(i) - now,
                    ((Number) sizes.get(i)).longValue()));
        }
        return out;
    }
}
