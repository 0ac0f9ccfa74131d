package io.redq.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redq.DeadLetter;
import io.redq.Envelope;
import io.redq.TaskError;
import io.redq.core.RedQ;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {

    private final EnvelopeCodec codec = new EnvelopeCodec(RedQ.defaultMapper());

    private static Envelope full() {
        return Envelope.builder().id("0192d4a8-6f1e-7c3a-9b1d-2a4e5f607182").type("send-email")
                .payload("{\"to\":\"ada@example.com\",\"n\":[1,2.50,12345678901234567890123]}")
                .attempt(2).deliveries(1).priority(3).enqueuedAt(1_700_000_000_000L).notBefore(1_700_000_001_000L)
                .uniqueKey("welcome:42").header("tenant", "acme")
                .lastError(new TaskError("java.io.IOException", "timeout")).build();
    }

    @Test
    void roundTripKeepsEveryFieldAndThePayloadDigitsExactly() throws Exception {
        Envelope e = full();
        String json = codec.encode(e);
        assertThat(json).startsWith("{\"v\":1,\"id\":\"0192d4a8-6f1e-7c3a-9b1d-2a4e5f607182\",\"type\":\"send-email\"");
        assertThat(json).endsWith("\"payload\":{\"to\":\"ada@example.com\",\"n\":[1,2.50,12345678901234567890123]}}");
        Envelope back = codec.decode(json);
        assertThat(back).isEqualTo(e);
        assertThat(back.version()).isEqualTo(Envelope.FORMAT_VERSION);
    }

    @Test
    void minimalForeignEnvelopeGetsDefaultsAndUnknownFieldsAreIgnored() throws Exception {
        Envelope e = codec.decode("{\"v\":1,\"id\":\"abc\",\"type\":\"t\",\"payload\":\"hi\",\"futureField\":{\"x\":1}}");
        assertThat(e.id()).isEqualTo("abc");
        assertThat(e.payload()).isEqualTo("\"hi\"");
        assertThat(e.attempt()).isEqualTo(1);
        assertThat(e.deliveries()).isZero();
        assertThat(e.priority()).isZero();
        assertThat(e.notBefore()).isNull();
        assertThat(e.uniqueKey()).isNull();
        assertThat(e.headers()).isEmpty();
        assertThat(e.lastError()).isNull();
    }

    @Test
    void emptyObjectsAndArraysInThePayloadSurvive() throws Exception {
        Envelope e = Envelope.builder().id("a").type("t").payload("{\"o\":{},\"a\":[]}").build();
        assertThat(codec.decode(codec.encode(e)).payload()).isEqualTo("{\"o\":{},\"a\":[]}");
    }

    @Test
    void theStreamingDecoderKeepsThePayloadTextAndReadsNestedValuesWhole() throws Exception {
        Envelope e = codec.decode("{\"v\":1,\"attempt\":{\"id\":\"injected\",\"payload\":0},\"id\":\"a\",\"type\":\"t\","
                + "\"headers\":{\"n\":5,\"o\":{\"k\":[1]},\"s\":\"x\"},\"lastError\":{\"extra\":[{}],\"class\":\"E\"},"
                + "\"payload\": { \"a\" : [1.50, \"}\"] } ,\"uniqueKey\":\"u\"}");
        assertThat(e.id()).as("a field nested in another is not read as the envelope's").isEqualTo("a");
        assertThat(e.attempt()).isEqualTo(1);
        assertThat(e.payload()).isEqualTo("{ \"a\" : [1.50, \"}\"] }");
        assertThat(e.headers()).containsExactly(java.util.Map.entry("n", "5"), java.util.Map.entry("o", "{\"k\":[1]}"),
                java.util.Map.entry("s", "x"));
        assertThat(e.lastError()).isEqualTo(new TaskError("E", null));
        assertThat(e.uniqueKey()).isEqualTo("u");
        assertThatThrownBy(() -> codec.decode("{\"v\":1,\"id\":\"a\",\"type\":\"t\",\"payload\":{\"a\":[1,}}"))
                .isInstanceOf(MalformedEnvelopeException.class).hasMessageStartingWith("not JSON");
    }

    @Test
    void malformedEnvelopesSayWhatIsWrong() {
        assertThatThrownBy(() -> codec.decode("nope")).isInstanceOf(MalformedEnvelopeException.class)
                .hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> codec.decode("42")).hasMessage("not a JSON object");
        assertThatThrownBy(() -> codec.decode("{\"id\":\"a\",\"type\":\"t\",\"payload\":1}"))
                .hasMessage("field 'v' is missing or not an integer");
        assertThatThrownBy(() -> codec.decode("{\"v\":2,\"id\":\"a\",\"type\":\"t\",\"payload\":1}"))
                .hasMessage("unsupported envelope version 2 (this redq reads up to 1)");
        assertThatThrownBy(() -> codec.decode("{\"v\":1,\"id\":7,\"type\":\"t\",\"payload\":1}"))
                .hasMessage("field 'id' is missing or not a non-blank string");
        assertThatThrownBy(() -> codec.decode("{\"v\":1,\"id\":\"a\",\"type\":\"t\"}"))
                .hasMessage("field 'payload' is missing");
        assertThatThrownBy(() -> codec.decode("{\"v\":1,\"id\":\"a\",\"type\":\"t\",\"payload\":1,\"attempt\":0}"))
                .hasMessageContaining("attempt must be at least 1");
    }

    @Test
    void payloadBindsByTheDeclaredTypeOnly() throws Exception {
        record Email(String to) {
        }
        assertThat(codec.bind("{\"to\":\"ada@example.com\",\"extra\":true}", Email.class).to())
                .isEqualTo("ada@example.com");
        assertThatThrownBy(() -> codec.bind("{\"to\":[1]}", Email.class))
                .isInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);
        assertThat(codec.encode(full())).doesNotContain("@class");
    }

    @Test
    void deadLetterRecordRoundTrip() throws Exception {
        DeadLetter d = new DeadLetter(full(), "failed", "java.io.IOException", "timeout", "java.io.IOException: timeout",
                2, 1000, 0);
        DeadLetter back = codec.decodeDeadLetter(codec.encodeDeadLetter(d, "raw text"), 1234);
        assertThat(back).isEqualTo(new DeadLetter(full(), "failed", "java.io.IOException", "timeout",
                "java.io.IOException: timeout", 2, 1000, 1234));
        assertThat(codec.rawOf(codec.encodeDeadLetter(d, "raw text"))).isEqualTo("raw text");
    }

    @Test
    void aTaskDeadOnItsFirstFailureHasItsDeathAsFirstFailure() throws Exception {
        DeadLetter d = new DeadLetter(full(), "aborted", "x.Y", null, null, 1, 0, 0);
        assertThat(codec.decodeDeadLetter(codec.encodeDeadLetter(d, null), 777).firstFailedAt()).isEqualTo(777);
    }
}
