package io.redq.core.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.redq.DeadLetter;
import io.redq.Envelope;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON shape of a dead-letter record that the tools show (the CLI's {@code --json}, the
 * dashboard's API), so it is the same in both: field order kept, the payload as JSON.
 */
public final class DeadLetterJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DeadLetterJson() {
    }

    /** The summary of a record (one table row, one JSON object of {@code list}). */
    public static Map<String, Object> summary(DeadLetter d) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", d.taskId());
        r.put("type", d.envelope().type());
        r.put("priority", d.envelope().priority());
        r.put("reason", d.reason());
        r.put("errorClass", d.errorClass());
        r.put("errorMessage", d.errorMessage());
        r.put("attempts", d.attempts());
        r.put("enqueuedAt", d.envelope().enqueuedAt());
        r.put("failedAt", d.failedAt());
        return r;
    }

    /** Everything about a record ({@code show}): the summary, the error detail and the envelope. */
    public static Map<String, Object> full(DeadLetter d) {
        Map<String, Object> r = summary(d);
        r.put("firstFailedAt", d.firstFailedAt());
        r.put("stackHead", d.stackHead());
        Envelope e = d.envelope();
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("v", e.version());
        env.put("id", e.id());
        env.put("type", e.type());
        env.put("payload", payload(e.payload()));
        env.put("attempt", e.attempt());
        env.put("deliveries", e.deliveries());
        env.put("priority", e.priority());
        env.put("enqueuedAt", e.enqueuedAt());
        env.put("notBefore", e.notBefore());
        env.put("uniqueKey", e.uniqueKey());
        env.put("headers", e.headers());
        r.put("envelope", env);
        return r;
    }

    /** The payload as JSON (it is raw JSON text), or as a string if it does not parse. */
    private static Object payload(String raw) {
        try {
            return MAPPER.readTree(raw);
        } catch (Exception e) {
            return raw;
        }
    }
}
