package io.redq.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The payload of every benchmark task: {@code t} is a {@link System#nanoTime()} stamp (latency
 * scenario; 0 elsewhere) and {@code pad} fills the JSON up to the payload size under test.
 */
public record Noop(long t, String pad) {

    /** The task type every benchmark handler registers. */
    public static final String TYPE = "noop";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A payload whose JSON ({@code {"t":0,"pad":"xx…"}}) is exactly {@code bytes} long (at least the empty one). */
    public static Noop ofSize(int bytes) {
        int base = jsonLength(new Noop(0, ""));
        return new Noop(0, "x".repeat(Math.max(0, bytes - base)));
    }

    static int jsonLength(Noop n) {
        try {
            return JSON.writeValueAsBytes(n).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same padding, stamped with the current nanoTime. */
    Noop stamped() {
        return new Noop(System.nanoTime(), pad);
    }
}
