package io.redq.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.redq.DeadLetter;
import io.redq.Envelope;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Why: a dead-letter record looks the same in {@code list}, {@code show} and their JSON. */
final class DeadRecords {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DeadRecords() {
    }

    /** The summary of a record (one table row, one JSON object of {@code list}). */
    static Map<String, Object> summary(DeadLetter d) {
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
    static Map<String, Object> full(DeadLetter d) {
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

    static String time(long epochMs) {
        return epochMs <= 0 ? null : Instant.ofEpochMilli(epochMs).toString();
    }

    static String error(DeadLetter d) {
        if (d.errorClass() == null) {
            return d.errorMessage();
        }
        String simple = d.errorClass().substring(d.errorClass().lastIndexOf('.') + 1);
        return d.errorMessage() == null ? simple : simple + ": " + d.errorMessage();
    }
}
