package io.redq.ratelimit.it;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Queue and limiter names no other test (or earlier run) uses, so tests can share a Redis. */
final class Names {

    private static final AtomicInteger SEQ = new AtomicInteger();

    private Names() {
    }

    static String unique(String test) {
        return "rl-" + test + "-" + SEQ.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
