package io.redq.core.internal;

import io.redq.ConsumerInfo;
import io.redq.QueueUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.redisson.api.RBatch;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;

/**
 * Reads the consumers of a queue for operators ({@code TaskQueue.consumers()}): the leases and the
 * server time in one script call, so no JVM clock decides whether a lease is live, then the length
 * of each consumer's active list in one batch.
 */
final class ConsumerList {

    private ConsumerList() {
    }

    static List<ConsumerInfo> read(QueueContext ctx) {
        QueueKeys k = ctx.keys();
        try {
            List<Object> reply = ctx.scripts().run(Scripts.Script.READ_CONSUMERS, List.of(k.consumers()));
            long now = Long.parseLong((String) reply.get(0));
            List<String> ids = new ArrayList<>();
            List<Long> expiries = new ArrayList<>();
            for (int i = 1; i + 1 < reply.size(); i += 2) {
                ids.add((String) reply.get(i));
                expiries.add((long) Double.parseDouble((String) reply.get(i + 1)));
            }
            if (ids.isEmpty()) {
                return List.of();
            }
            RBatch batch = ctx.redisson().createBatch();
            for (String id : ids) {
                batch.getList(k.active(id), StringCodec.INSTANCE).sizeAsync();
            }
            List<?> sizes = batch.execute().getResponses();
            List<ConsumerInfo> out = new ArrayList<>(ids.size());
            for (int i = 0; i < ids.size(); i++) {
                long expiry = expiries.get(i);
                out.add(new ConsumerInfo(ids.get(i), Instant.ofEpochMilli(expiry), Duration.ofMillis(expiry - now),
                        ((Number) sizes.get(i)).longValue()));
            }
            return List.copyOf(out);
        } catch (RedisException e) {
            throw new QueueUnavailableException("could not read the consumers of queue '" + ctx.queue() + "': "
                    + e.getMessage(), e);
        }
    }
}
