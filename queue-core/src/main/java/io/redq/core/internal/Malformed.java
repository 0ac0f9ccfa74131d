package io.redq.core.internal;

import com.fasterxml.jackson.databind.node.TextNode;
import io.redq.Envelope;

/** The synthetic envelope a malformed string gets in the dead-letter queue, so operators can see and delete it. */
final class Malformed {

    /** Task type given to malformed strings; no handler can be registered under it by accident. */
    static final String TYPE = "redq:malformed";

    private Malformed() {
    }

    /** @param raw the task as a worker read it (byte-exact, see {@link RawCodec}) */
    static Envelope envelope(String raw) {
        String text = RawCodec.text(raw);
        return Envelope.builder()
                .id(TaskIds.next())
                .type(TYPE)
                .payload(TextNode.valueOf(text.length() > 4096 ? text.substring(0, 4096) : text).toString())
                .enqueuedAt(System.currentTimeMillis())
                .build();
    }
}
