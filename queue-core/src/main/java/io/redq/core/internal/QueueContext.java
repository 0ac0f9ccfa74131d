package io.redq.core.internal;

import io.redq.core.DeadLetterRetention;
import java.time.Duration;
import org.redisson.api.RedissonClient;

/**
 * What every part of one queue shares: the Redis client, the keys, the scripts, the codec and the
 * limits. One instance per queue name, created by {@code RedQ.queue(name)}.
 *
 * @param redisson        the client, with StringCodec as its codec
 * @param keys            the queue's keys
 * @param scripts         the loaded Lua scripts
 * @param codec           envelope and payload JSON
 * @param maxPayloadBytes largest payload JSON accepted by enqueue, in UTF-8 bytes
 * @param uniqueTtl       how long a unique key is held at most
 * @param retention       how many dead-letter records are kept, and how long
 */
public record QueueContext(RedissonClient redisson, QueueKeys keys, Scripts scripts, EnvelopeCodec codec,
                           int maxPayloadBytes, Duration uniqueTtl, DeadLetterRetention retention) {

    public String queue() {
        return keys.queue();
    }
}
