package io.redq.core.internal;

import io.redq.Priorities;
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
 * @param priorities      the queue's priority levels (its keys hold one ready list per level)
 */
public record QueueContext(RedissonClient redisson, QueueKeys keys, Scripts scripts, EnvelopeCodec codec,
                           int maxPayloadBytes, Duration uniqueTtl, DeadLetterRetention retention,
                           Priorities priorities) {

    public String queue() {
        return keys.queue();
    }

    /** True if the queue has several levels, so idle workers wait on the wake-up list. */
    public boolean multiLevel() {
        return keys.levels() > 1;
    }

    /** The script argument that asks a script to leave a wake-up token ('1' on multi-level queues). */
    public String wakeFlag() {
        return multiLevel() ? "1" : "0";
    }

    /** The ready list a task of this envelope's priority belongs on (clamped to the declared levels). */
    public String readyFor(int priority) {
        return keys.ready(Math.max(0, Math.min(priority, keys.levels() - 1)));
    }

    /** The ready list for a raw task: its envelope's level, or the default level if it cannot be read. */
    public String readyForRaw(String raw) {
        try {
            return readyFor(codec.decodeRaw(raw).priority());
        } catch (MalformedEnvelopeException e) {
            return keys.ready(priorities.defaultLevel());
        }
    }
}
