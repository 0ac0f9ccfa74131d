package io.redq.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redq.DeadLetter;
import io.redq.Envelope;
import io.redq.TaskError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns envelopes and dead-letter records into the JSON of docs/wire-format.md and back, and binds
 * payloads to the handler's declared type. The payload travels as raw JSON; numbers keep their
 * exact digits. No type information ever comes from the message (no default typing).
 *
 * <p>A task read from a list is bounded before it is parsed: at most the largest payload plus
 * {@value #ENVELOPE_OVERHEAD_BYTES} bytes for the envelope's own fields, and at most
 * {@value #MAX_NESTING_DEPTH} levels of nesting, so a hostile string costs a worker no more than a
 * task it would accept; anything beyond is malformed.
 */
public final class EnvelopeCodec {

    /** Room for the envelope's fields (id, type, headers, last error) on top of the payload. */
    public static final int ENVELOPE_OVERHEAD_BYTES = 64 * 1024;
    /** Deepest nesting of arrays and objects a task may have. */
    public static final int MAX_NESTING_DEPTH = 1000;
    /** Most characters of a malformed task kept in its dead-letter record. */
    public static final int MAX_KEPT_RAW_CHARS = 64 * 1024;

    private final ObjectMapper payloadMapper;
    /** One reader per payload type: the mapper would look the type up again on every bind. */
    private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();
    private final ObjectMapper wire;
    private final ObjectMapper taskReader;
    private final int maxTaskBytes;

    /** A codec for payloads up to {@link io.redq.core.RedQ#DEFAULT_MAX_PAYLOAD_BYTES}. */
    public EnvelopeCodec(ObjectMapper payloadMapper) {
        this(payloadMapper, io.redq.core.RedQ.DEFAULT_MAX_PAYLOAD_BYTES);
    }

    /**
     * @param payloadMapper   the user's mapper for payloads (binding and serializing)
     * @param maxPayloadBytes the largest payload enqueue accepts; tasks read from Redis may be this
     *                        plus {@value #ENVELOPE_OVERHEAD_BYTES} bytes long
     */
    public EnvelopeCodec(ObjectMapper payloadMapper, int maxPayloadBytes) {
        this.payloadMapper = payloadMapper;
        this.maxTaskBytes = maxPayloadBytes + ENVELOPE_OVERHEAD_BYTES;
        this.wire = wireMapper(new JsonFactory());
        JsonFactory bounded = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH).maxDocumentLength(maxTaskBytes).maxStringLength(maxTaskBytes)
                .build()).build();
        this.taskReader = wireMapper(bounded);
    }

    private static ObjectMapper wireMapper(JsonFactory factory) {
        return new ObjectMapper(factory)
                .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    /** @return the longest task, in bytes, a worker reads; longer ones are malformed */
    public int maxTaskBytes() {
        return maxTaskBytes;
    }

    /** Serializes a payload object to JSON text. */
    public String payloadToJson(Object payload) {
        try {
            return payloadMapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("payload of class " + payload.getClass().getName()
                    + " cannot be serialized to JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Binds a raw JSON payload to the handler's type; throws Jackson's error when it does not bind. */
    public <T> T bind(String payloadJson, Class<T> type) throws JsonProcessingException {
        return readers.computeIfAbsent(type, payloadMapper::readerFor).readValue(payloadJson);
    }

    /** Encodes an envelope; the payload comes last and is written as it is. */
    public String encode(Envelope e) {
        return toNode(e).toString();
    }

    ObjectNode toNode(Envelope e) {
        ObjectNode n = wire.createObjectNode();
        n.put("v", e.version());
        n.put("id", e.id());
        n.put("type", e.type());
        n.put("attempt", e.attempt());
        n.put("deliveries", e.deliveries());
        n.put("priority", e.priority());
        n.put("enqueuedAt", e.enqueuedAt());
        if (e.notBefore() != null) {
            n.put("notBefore", e.notBefore());
        }
        if (e.uniqueKey() != null) {
            n.put("uniqueKey", e.uniqueKey());
        }
        if (!e.headers().isEmpty()) {
            ObjectNode h = n.putObject("headers");
            e.headers().forEach(h::put);
        }
        if (e.lastError() != null) {
            ObjectNode err = n.putObject("lastError");
            err.put("class", e.lastError().errorClass());
            err.put("message", e.lastError().message());
        }
        n.set("payload", parsePayload(e.payload()));
        return n;
    }

    private JsonNode parsePayload(String payload) {
        try {
            return wire.readTree(payload);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("payload is not valid JSON: " + ex.getOriginalMessage(), ex);
        }
    }

    /** Decodes a task as a worker reads it from a list (byte-exact, see {@link RawCodec}). */
    public Envelope decodeRaw(String raw) throws MalformedEnvelopeException {
        checkLength(raw.length()); // one char per byte: refuse a huge string before decoding it
        return decode(RawCodec.text(raw));
    }

    /**
     * Decodes an envelope; unknown fields are ignored, missing required ones make it malformed, and
     * so does a task longer than {@link #maxTaskBytes()} or nested deeper than {@value #MAX_NESTING_DEPTH}.
     */
    public Envelope decode(String raw) throws MalformedEnvelopeException {
        checkLength(raw.length());
        try (JsonParser p = taskReader.getFactory().createParser(raw)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedEnvelopeException("not a JSON object", null);
            }
            return readEnvelope(p, raw);
        } catch (JsonProcessingException ex) {
            throw new MalformedEnvelopeException("not JSON: " + ex.getOriginalMessage(), ex);
        } catch (IOException ex) {
            throw new MalformedEnvelopeException("not JSON: " + ex.getMessage(), ex);
        }
    }

    /**
     * Reads the envelope's fields in one pass over the text, without building a tree: a worker
     * decodes every task it runs. The payload is cut out of the text as it is (its exact digits),
     * and the parser still reads it through, so malformed JSON and the limits are caught.
     */
    private Envelope readEnvelope(JsonParser p, String raw) throws IOException, MalformedEnvelopeException {
        Envelope.Builder b = Envelope.builder();
        Integer version = null;
        String id = null;
        String type = null;
        String payload = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "v" -> version = t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT
                        ? p.getIntValue() : skipped(p, Integer.MIN_VALUE);
                case "id" -> id = nonBlankText(p, t);
                case "type" -> type = nonBlankText(p, t);
                case "payload" -> payload = rawValue(p, t, raw);
                case "attempt" -> b.attempt(t.isStructStart() ? skipped(p, 1) : p.getValueAsInt(1));
                case "deliveries" -> b.deliveries(t.isStructStart() ? skipped(p, 0) : p.getValueAsInt(0));
                case "priority" -> b.priority(t.isStructStart() ? skipped(p, 0) : p.getValueAsInt(0));
                case "enqueuedAt" -> b.enqueuedAt(scalarOrZero(p, t));
                case "notBefore" -> b.notBefore(t == JsonToken.VALUE_NULL ? null : scalarOrZero(p, t));
                case "uniqueKey" -> b.uniqueKey(t == JsonToken.VALUE_NULL ? null : text(p, t));
                case "headers" -> b.headers(readHeaders(p, t, raw));
                case "lastError" -> b.lastError(readLastError(p, t));
                default -> p.skipChildren();
            }
        }
        if (version == null || version == Integer.MIN_VALUE) {
            throw new MalformedEnvelopeException("field 'v' is missing or not an integer", null);
        }
        if (version < 1 || version > Envelope.FORMAT_VERSION) {
            throw new MalformedEnvelopeException("unsupported envelope version " + version
                    + " (this redq reads up to " + Envelope.FORMAT_VERSION + ")", null);
        }
        if (payload == null) {
            throw new MalformedEnvelopeException("field 'payload' is missing", null);
        }
        if (id == null) {
            throw new MalformedEnvelopeException("field 'id' is missing or not a non-blank string", null);
        }
        if (type == null) {
            throw new MalformedEnvelopeException("field 'type' is missing or not a non-blank string", null);
        }
        try {
            return b.version(version).id(id).type(type).payload(payload).build();
        } catch (IllegalArgumentException ex) {
            throw new MalformedEnvelopeException(ex.getMessage(), ex);
        }
    }

    /** Skips the value at the current token (an object or array whole) and returns {@code value}. */
    private static int skipped(JsonParser p, int value) throws IOException {
        p.skipChildren();
        return value;
    }

    /** A string value that is not blank, else null (a container is skipped). */
    private static String nonBlankText(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            p.skipChildren();
            return null;
        }
        String v = p.getText();
        return v.isBlank() ? null : v;
    }

    /** A scalar as text ({@code JsonNode.asText()}: an object or array reads as ""). */
    private static String text(JsonParser p, JsonToken t) throws IOException {
        if (t.isStructStart()) {
            p.skipChildren();
            return "";
        }
        return p.getText();
    }

    private static long scalarOrZero(JsonParser p, JsonToken t) throws IOException {
        if (t.isStructStart()) {
            p.skipChildren();
            return 0;
        }
        return p.getValueAsLong(0);
    }

    /**
     * The JSON text of the value at the current token: an object or array cut out of the text as
     * it is; a scalar written again (a string's lazy parse leaves no reliable end offset).
     */
    private String rawValue(JsonParser p, JsonToken t, String raw) throws IOException {
        if (t.isStructStart()) {
            int start = (int) p.currentTokenLocation().getCharOffset();
            p.skipChildren();
            int end = (int) p.currentLocation().getCharOffset();
            return raw.substring(start, end);
        }
        return wire.writeValueAsString(p.readValueAsTree());
    }

    private Map<String, String> readHeaders(JsonParser p, JsonToken t, String raw) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            out.put(name, v == JsonToken.VALUE_STRING ? p.getText() : rawValue(p, v, raw));
        }
        return out;
    }

    private static TaskError readLastError(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        String errorClass = null;
        String message = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (name.equals("class")) {
                errorClass = v == JsonToken.VALUE_NULL ? null : text(p, v);
            } else if (name.equals("message")) {
                message = v == JsonToken.VALUE_NULL ? null : text(p, v);
            } else {
                p.skipChildren();
            }
        }
        return errorClass == null ? null : new TaskError(errorClass, message);
    }

    private void checkLength(int length) throws MalformedEnvelopeException {
        if (length > maxTaskBytes) {
            throw new MalformedEnvelopeException("task is " + length + " bytes long, over the limit of " + maxTaskBytes
                    + " bytes (RedQ.Builder.maxPayloadBytes + " + ENVELOPE_OVERHEAD_BYTES + " for the envelope)", null);
        }
    }

    /** The text of a malformed task to keep in its dead-letter record: at most {@value #MAX_KEPT_RAW_CHARS} chars. */
    public static String rawToKeep(String text) {
        if (text.length() <= MAX_KEPT_RAW_CHARS) {
            return text;
        }
        return text.substring(0, MAX_KEPT_RAW_CHARS) + "... (truncated; " + text.length() + " characters in all)";
    }

    /** Encodes a dead-letter record (its time lives in the dead ZSET score, not here). */
    public String encodeDeadLetter(DeadLetter d, String raw) {
        ObjectNode n = wire.createObjectNode();
        n.put("reason", d.reason());
        n.put("errorClass", d.errorClass());
        n.put("errorMessage", d.errorMessage());
        n.put("stackHead", d.stackHead());
        n.put("attempts", d.attempts());
        if (d.firstFailedAt() > 0) {
            n.put("firstFailedAt", d.firstFailedAt());
        }
        if (raw != null) {
            n.put("raw", raw);
        }
        n.set("envelope", toNode(d.envelope()));
        return n.toString();
    }

    /** Decodes a dead-letter record read from Redis, with its dead-lettering time. */
    public DeadLetter decodeDeadLetter(String json, long failedAt) throws MalformedEnvelopeException {
        JsonNode n;
        try {
            n = wire.readTree(json);
        } catch (JsonProcessingException ex) {
            throw new MalformedEnvelopeException("dead-letter record is not JSON: " + ex.getOriginalMessage(), ex);
        }
        JsonNode envelope = n.path("envelope");
        if (!envelope.isObject()) {
            throw new MalformedEnvelopeException("dead-letter record has no envelope object", null);
        }
        long firstFailedAt = n.path("firstFailedAt").asLong(0);
        // the record's envelope is read as a task is: one decoder, one set of rules
        return new DeadLetter(decode(envelope.toString()), n.path("reason").asText("unknown"),
                text(n, "errorClass"), text(n, "errorMessage"), text(n, "stackHead"),
                n.path("attempts").asInt(0), firstFailedAt > 0 ? firstFailedAt : failedAt, failedAt);
    }

    /** The raw text of a malformed task kept in a dead-letter record, or null. */
    public String rawOf(String deadLetterJson) {
        try {
            return text(wire.readTree(deadLetterJson), "raw");
        } catch (JsonProcessingException ex) {
            return null;
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** The length of a string in UTF-8 bytes. */
    public static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
