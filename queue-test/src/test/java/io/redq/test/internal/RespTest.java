package io.redq.test.internal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The RESP encoder and decoder on byte arrays; no Redis needed. */
class RespTest {

    @Test
    void encodesCommandAsArrayOfBulkStrings() {
        assertArrayEquals(bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nvalue\r\n"),
                Resp.encode(List.of("SET", "k", "value")));
    }

    @Test
    void encodesLengthInUtf8BytesAndKeepsEmptyArguments() {
        assertArrayEquals(bytes("*3\r\n$4\r\nSAVE\r\n$0\r\n\r\n$2\r\né\r\n"), Resp.encode(List.of("SAVE", "", "é")));
    }

    @Test
    void rejectsEmptyCommandAndNullArguments() {
        assertThrows(IllegalArgumentException.class, () -> Resp.encode(List.of()));
        assertThrows(NullPointerException.class, () -> Resp.encode(Arrays.asList("GET", null)));
    }

    @Test
    void decodesScalarReplies() throws IOException {
        assertEquals("PONG", Resp.read(stream("+PONG\r\n")));
        assertEquals(42L, Resp.read(stream(":42\r\n")));
        assertEquals(-1L, Resp.read(stream(":-1\r\n")));
        assertEquals("line one\r\nline two", Resp.read(stream("$18\r\nline one\r\nline two\r\n")));
        assertEquals("", Resp.read(stream("$0\r\n\r\n")));
        assertEquals("é", Resp.read(stream("$2\r\né\r\n")));
        assertEquals(new Resp.ErrorReply("ERR unknown command"), Resp.read(stream("-ERR unknown command\r\n")));
    }

    @Test
    void decodesNilAsNull() throws IOException {
        assertNull(Resp.read(stream("$-1\r\n")));
        assertNull(Resp.read(stream("*-1\r\n")));
    }

    @Test
    void decodesNestedArrays() throws IOException {
        Object reply = Resp.read(stream("*3\r\n:1\r\n*2\r\n+a\r\n$-1\r\n$1\r\nb\r\n"));
        assertEquals(List.of(1L, Arrays.asList("a", null), "b"), reply);
    }

    @Test
    void readsOneReplyAtATimeFromAStream() throws IOException {
        InputStream in = stream("+OK\r\n:7\r\n");
        assertEquals("OK", Resp.read(in));
        assertEquals(7L, Resp.read(in));
    }

    @Test
    void encodedCommandDecodesBackToItsArguments() throws IOException {
        List<String> command = List.of("HSET", "redq:{emails}:task:1", "payload", "{\"to\":\"a@b\"}\r\n");
        assertEquals(command, Resp.read(new ByteArrayInputStream(Resp.encode(command))));
    }

    @Test
    void rendersRepliesAsText() {
        assertEquals("PONG", Resp.render("PONG"));
        assertEquals("3", Resp.render(3L));
        assertNull(Resp.render(null));
        assertEquals("appendonly\nyes", Resp.render(List.of("appendonly", "yes")));
        assertEquals("a\n\n1\nb", Resp.render(List.of("a", Arrays.asList(null, 1L), "b")));
        assertEquals("", Resp.render(List.of()));
    }

    @Test
    void renderingAnErrorThrowsWithItsMessage() {
        IllegalStateException top = assertThrows(IllegalStateException.class,
                () -> Resp.render(new Resp.ErrorReply("WRONGTYPE Operation against a key")));
        assertTrue(top.getMessage().contains("WRONGTYPE Operation against a key"), top.getMessage());
        assertThrows(IllegalStateException.class,
                () -> Resp.render(List.of("OK", new Resp.ErrorReply("EXECABORT"))));
    }

    @Test
    void truncatedRepliesFailWithEof() {
        assertThrows(EOFException.class, () -> Resp.read(stream("")));
        assertThrows(EOFException.class, () -> Resp.read(stream("+PON")));
        assertThrows(EOFException.class, () -> Resp.read(stream("$5\r\nab")));
        assertThrows(EOFException.class, () -> Resp.read(stream("*2\r\n+a\r\n")));
    }

    @Test
    void malformedRepliesFailWithIoException() {
        assertThrows(IOException.class, () -> Resp.read(stream("?what\r\n")));
        assertThrows(IOException.class, () -> Resp.read(stream(":forty-two\r\n")));
        assertThrows(IOException.class, () -> Resp.read(stream("$2\r\nabc\r\n")));
        assertThrows(IOException.class, () -> Resp.read(stream("+OK\rX")));
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(bytes(text));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
