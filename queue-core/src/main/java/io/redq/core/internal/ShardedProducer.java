package io.redq.core.internal;

import io.redq.Producer;
import io.redq.TaskRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

/**
 * The producer of a sharded queue: each call goes, whole, to one shard's producer. Single
 * enqueues and batches take the shards in turn, starting at a random one (so that many producers
 * do not all start on shard 0); a task with a unique key goes to {@link #shardOf the shard of its
 * key}, so that the key is unique across the queue, not only within one shard.
 */
final class ShardedProducer implements Producer {

    private final List<Producer> shards;
    private final AtomicInteger next = new AtomicInteger(ThreadLocalRandom.current().nextInt(1 << 20));

    ShardedProducer(List<? extends Producer> shards) {
        this.shards = List.copyOf(shards);
    }

    /**
     * The shard of a unique key: CRC-32 (IEEE) of its UTF-8 bytes modulo the number of shards, a
     * rule any producer, in any language, can follow.
     */
    static int shardOf(String uniqueKey, int shards) {
        CRC32 crc = new CRC32();
        crc.update(uniqueKey.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % shards);
    }

    private Producer nextShard() {
        return shards.get(Math.floorMod(next.getAndIncrement(), shards.size()));
    }

    @Override
    public String enqueue(String type, Object payload) {
        return nextShard().enqueue(type, payload);
    }

    @Override
    public Optional<String> enqueue(TaskRequest request) {
        Objects.requireNonNull(request, "request must not be null");
        String key = request.uniqueKey();
        Producer shard = key == null ? nextShard() : shards.get(shardOf(key, shards.size()));
        return shard.enqueue(request);
    }

    @Override
    public List<String> enqueueAll(String type, Collection<?> payloads) {
        return nextShard().enqueueAll(type, payloads);
    }

    @Override
    public List<String> enqueueAll(String type, Collection<?> payloads, int priority) {
        return nextShard().enqueueAll(type, payloads, priority);
    }

    @Override
    public Producer durable(int replicas, Duration timeout) {
        return new ShardedProducer(shards.stream().map(p -> p.durable(replicas, timeout)).toList());
    }
}
