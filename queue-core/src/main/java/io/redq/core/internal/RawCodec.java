package io.redq.core.internal;

import java.nio.charset.StandardCharsets;
import org.redisson.client.codec.StringCodec;

/**
 * Byte-exact strings for tasks as they sit in Redis lists. A worker reads and moves tasks with
 * ISO-8859-1, which maps every byte to one char and back, so a task whose bytes are not valid
 * UTF-8 (hostile or broken input) is still removed by its exact value; reading it as UTF-8 would
 * replace the bad bytes and no LREM would ever match it. The JSON inside is UTF-8: {@link #text}
 * turns a raw string into it, {@link #raw} turns JSON text into the raw form a worker-side script
 * call sends.
 */
final class RawCodec {

    /** The codec of every worker-side read and script call that carries raw tasks. */
    static final StringCodec INSTANCE = new StringCodec(StandardCharsets.ISO_8859_1);

    private RawCodec() {
    }

    /** The UTF-8 text of a raw task (bad bytes become U+FFFD). */
    static String text(String raw) {
        return new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /** The raw form of JSON text: its UTF-8 bytes, one char each. */
    static String raw(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
